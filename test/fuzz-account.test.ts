import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_RUNS, FUZZ_SECONDS, routeFuzzer } from './helpers/route-fuzz.js';

/** Fuzzing the forms for signing in and one's own account (test/helpers/route-fuzz.ts says what is sent and what must hold). */
const fuzzer = await routeFuzzer('account');
afterAll(async () => fuzzer.close());

describe(`fuzzing the account forms, up to ${FUZZ_RUNS} cases a route${FUZZ_SECONDS ? ` or ${FUZZ_SECONDS} s` : ''}`, () => {
  it('has routes to fuzz', () => expect(fuzzer.targets.length).toBeGreaterThan(0));
  it.each(
    fuzzer.targets.map(
      (t) => [`${t.entry.method} ${t.entry.path}${t.entry.query ? `?${t.entry.query}` : ''}`, t] as const,
    ),
  )('%s', async (_name, target) => fuzzer.fuzz(target), 600_000);
});
