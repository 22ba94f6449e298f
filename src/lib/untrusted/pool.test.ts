import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as fixture from './pool.fixture.js';
import { configureUntrusted, DEFAULT_UNTRUSTED_LIMITS, untrustedLoad, untrustedTask } from './pool.js';
import { UntrustedParseError, type UntrustedFailure } from './refusal.js';

const at = new URL('./pool.fixture.js', import.meta.url);
const task = <K extends keyof typeof fixture>(name: K) => untrustedTask<(typeof fixture)[K]>(at, name);

const describeBytes = task('describeBytes');
const allocateForever = task('allocateForever');
const loopForever = task('loopForever');
const pause = task('pause');
const exitAbruptly = task('exitAbruptly');
const throwError = task('throwError');
const recurseForever = task('recurseForever');
const makeBytes = task('makeBytes');

async function refusal(promise: Promise<unknown>): Promise<UntrustedParseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UntrustedParseError);
  return error as UntrustedParseError;
}

const kindOf = async (promise: Promise<unknown>): Promise<UntrustedFailure> => (await refusal(promise)).kind;

// A generous time limit: on a busy machine a worker can take seconds to start under tsx.
beforeAll(() => configureUntrusted({ workers: 2, queue: 4, timeLimitMs: 15_000, heapMb: 48 }));
afterAll(() => configureUntrusted(DEFAULT_UNTRUSTED_LIMITS));

describe('the untrusted-parsing pool', () => {
  it('runs a task in a worker: Buffers arrive as Buffers, and come back as byte arrays', async () => {
    const bytes = Buffer.from([1, 2, 3, 250]);
    expect(await describeBytes(bytes, 'four')).toEqual({ label: 'four', isBuffer: true, length: 4, sum: 256 });
    const made = await makeBytes();
    expect(Buffer.from(made.bytes).toString()).toBe('hello');
    expect(untrustedLoad()).toEqual({ running: 0, waiting: 0 });
  });

  it('stops a task that allocates without bound at its heap limit: too big, 413', async () => {
    const error = await refusal(allocateForever());
    expect(error.kind).toBe('too-big');
    expect(error.statusCode).toBe(413);
    expect(error.detail).toContain('ERR_WORKER_OUT_OF_MEMORY');
  });

  it('ends a task that never returns at the time limit: too slow, 400', async () => {
    configureUntrusted({ timeLimitMs: 700 });
    try {
      const started = Date.now();
      const error = await refusal(loopForever());
      expect(error.kind).toBe('too-slow');
      expect(error.statusCode).toBe(400);
      expect(Date.now() - started).toBeGreaterThanOrEqual(690);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      configureUntrusted({ timeLimitMs: 15_000 });
    }
  });

  it('runs at most N tasks at once: the next waits for a free worker', async () => {
    const all = Promise.all([pause(300), pause(300), pause(50)]);
    expect(untrustedLoad()).toEqual({ running: 2, waiting: 1 });
    const [a, b, c] = await all;
    // The third started only once one of the first two had finished (clocks of threads agree to a ms or so).
    expect(c.start).toBeGreaterThanOrEqual(Math.min(a.end, b.end) - 5);
    expect(untrustedLoad()).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a task as busy when the queue is full, and runs the rest', async () => {
    configureUntrusted({ queue: 1 });
    try {
      const tasks = [pause(300), pause(300), pause(10), pause(10)];
      const outcomes = await Promise.allSettled(tasks);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
      const busy = (outcomes[3] as PromiseRejectedResult).reason as UntrustedParseError;
      expect(busy.kind).toBe('busy');
      expect(busy.statusCode).toBe(503);
    } finally {
      configureUntrusted({ queue: 4 });
    }
  });

  it('reports a task that crashes or throws as unreadable, and the next task runs as usual', async () => {
    expect(await kindOf(exitAbruptly())).toBe('unreadable');
    expect(await describeBytes(Buffer.from([7]), 'after an exit')).toMatchObject({ sum: 7 });
    const thrown = await refusal(throwError());
    expect(thrown.kind).toBe('unreadable');
    expect(thrown.detail).toContain('the parser fell over');
    expect(thrown.message).toBe('The file could not be read: check it and try again');
    expect(await kindOf(recurseForever())).toBe('too-big');
    expect(await describeBytes(Buffer.from([8]), 'after a throw')).toMatchObject({ sum: 8 });
    expect(untrustedLoad()).toEqual({ running: 0, waiting: 0 });
  });

  it('runs tasks on this thread when told to (for parser tests), with results cloned the same way', async () => {
    configureUntrusted({ inline: true });
    try {
      expect(await describeBytes(Buffer.from([1, 2]), 'inline')).toEqual({
        label: 'inline',
        isBuffer: true,
        length: 2,
        sum: 3,
      });
      const made = await makeBytes();
      expect(Buffer.isBuffer(made.bytes)).toBe(false);
      expect(untrustedLoad()).toEqual({ running: 0, waiting: 0 });
    } finally {
      configureUntrusted({ inline: false });
    }
  });

  it('only runs modules of the app itself', async () => {
    const outside = untrustedTask<() => void>(new URL('file:///etc/passwd.js'), 'x');
    const error = await refusal(outside());
    expect(error.kind).toBe('unreadable');
    expect(error.detail).toContain('Not a module of the app');
  });
});
