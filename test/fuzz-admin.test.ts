import { afterAll, describe, expect, it, vi } from 'vitest';
import { FUZZ_RUNS, FUZZ_SECONDS, routeFuzzer } from './helpers/route-fuzz.js';
import type { RegisteredRoute } from './helpers/route-list.js';

/** Fuzzing the partnership admin forms, and the other forms (test/helpers/route-fuzz.ts says what is sent and what must hold). */
const registered = vi.hoisted(() => [] as RegisteredRoute[]);
vi.mock('fastify', async (importOriginal) =>
  (await import('./helpers/route-list.js')).listingRoutes(await importOriginal(), registered),
);

const fuzzer = await routeFuzzer(registered, 'admin');
afterAll(async () => fuzzer.close());

describe(`fuzzing the admin forms, up to ${FUZZ_RUNS} cases a route${FUZZ_SECONDS ? ` or ${FUZZ_SECONDS} s` : ''}`, () => {
  it('has routes to fuzz', () => expect(fuzzer.targets.length).toBeGreaterThan(0));
  it.each(
    fuzzer.targets.map(
      (t) => [`${t.entry.method} ${t.entry.path}${t.entry.query ? `?${t.entry.query}` : ''}`, t] as const,
    ),
  )('%s', async (_name, target) => fuzzer.fuzz(target), 600_000);
});
