/**
 * The worker threads behind pool.ts: starting one (TypeScript under tsx, JavaScript when built), one
 * started ahead so a task need not wait for a start, and running one task in one worker within its heap
 * and time limits. A worker takes exactly one task and is then ended.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UntrustedParseError } from './refusal.js';

/** What worker.ts receives, in the one message it takes after saying it is ready. */
export interface TaskData {
  module: string;
  exportName: string;
  args: unknown[];
}

/** What worker.ts posts: 'ready' once started, then the one answer. */
export type TaskReply = 'ready' | { ok: true; result: unknown } | { ok: false; tooBig: boolean; error: string };

const fromTypeScript = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromTypeScript ? './worker.ts' : './worker.js', import.meta.url);

/**
 * Under tsx or Vitest the worker is TypeScript. tsx's `--import tsx` does not load in worker threads
 * before Node 22.22/24.11, so a small bootstrap registers tsx's hooks in the worker itself, then
 * imports worker.ts; this works on Node 20, 22 and 24. The built app runs worker.js directly.
 */
function workerEntry(): { filename: string | URL; eval: boolean } {
  if (!fromTypeScript) return { filename: workerUrl, eval: false };
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const code =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return { filename: code, eval: true };
}

/** A started worker that has not yet seen any task: given exactly one, then ended. */
interface Started {
  worker: Worker;
  heapMb: number;
  /** True once the worker says it is ready; false if it failed to start */
  ready: Promise<boolean>;
  /** Why it ended, once it has */
  ended?: UntrustedParseError;
}

function start(heapMb: number): Started {
  const entry = workerEntry();
  const worker = new Worker(entry.filename, {
    eval: entry.eval,
    // Nothing of the parent's environment (secrets, database address) is there for a parser to read.
    env: {},
    argv: [],
    execArgv: [],
    resourceLimits: {
      maxOldGenerationSizeMb: heapMb,
      maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(heapMb / 8))),
      codeRangeSizeMb: 32,
      stackSizeMb: 4,
    },
  });
  const started: Started = { worker, heapMb, ready: Promise.resolve(false) };
  started.ready = new Promise<boolean>((resolve) => {
    worker.once('message', (m: TaskReply) => resolve(m === 'ready'));
    worker.on('error', (err: Error & { code?: string }) => {
      started.ended ??= refusalOf(err);
      resolve(false);
    });
    worker.once('exit', (code) => {
      started.ended ??= new UntrustedParseError('unreadable', `worker exited with code ${code} before answering`);
      resolve(false);
    });
  });
  return started;
}

/**
 * One worker started ahead (after the first task, so a process that never parses a file never starts
 * one), so that a task does not wait for a worker to start. It never holds anyone's data until it is
 * given its one task, so this keeps the isolation of a fresh worker per task.
 */
let spare: Started | undefined;

function renewSpare(heapMb: number): Started {
  if (!spare || spare.ended || spare.heapMb !== heapMb) {
    if (spare) void spare.worker.terminate();
    spare = start(heapMb);
    // An idle spare never keeps the process (a CLI command, a test run) alive.
    spare.worker.unref();
  }
  return spare;
}

function takeWorker(heapMb: number, spareHeapMb: number): Started {
  const taken = spare && !spare.ended && spare.heapMb === heapMb ? spare : undefined;
  if (taken) spare = undefined;
  renewSpare(spareHeapMb);
  const chosen = taken ?? start(heapMb);
  chosen.worker.ref();
  return chosen;
}

/** A spare with this heap, started now if there is none (or the one there has ended); for tests. */
export async function startSpare(heapMb: number): Promise<void> {
  await renewSpare(heapMb).ready;
}

export interface WorkerLimits {
  heapMb: number;
  /** The heap of the worker kept ahead for the next task (the configured one) */
  spareHeapMb: number;
  timeLimitMs: number;
}

/** Runs one task in a fresh worker (the spare when it fits) within the limits; the worker then ends. */
export async function runInWorker(
  data: TaskData,
  { heapMb, spareHeapMb, timeLimitMs }: WorkerLimits,
): Promise<unknown> {
  const started = takeWorker(heapMb, spareHeapMb);
  const { worker, ready } = started;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UntrustedParseError('too-slow', `over ${timeLimitMs} ms`)), timeLimitMs);
  });
  try {
    return await Promise.race([
      timeout,
      (async () => {
        if (!(await ready)) throw started.ended ?? new UntrustedParseError('unreadable', 'worker did not start');
        return await answer(worker, data);
      })(),
    ]);
  } finally {
    clearTimeout(timer);
    // The worker is never reused: whatever state the file left in it goes with it.
    void worker.terminate();
  }
}

function answer(worker: Worker, data: TaskData): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', (reply: TaskReply) => {
      if (reply === 'ready') return;
      if (reply.ok) resolve(reply.result);
      else reject(new UntrustedParseError(reply.tooBig ? 'too-big' : 'unreadable', reply.error));
    });
    worker.once('messageerror', (err) => reject(new UntrustedParseError('unreadable', String(err))));
    worker.on('error', (err: Error & { code?: string }) => reject(refusalOf(err)));
    worker.once('exit', (code) =>
      reject(new UntrustedParseError('unreadable', `worker exited with code ${code} before answering`)),
    );
    worker.postMessage(data);
  });
}

/** A worker's error as a refusal: out of memory is 'too-big', anything else 'unreadable'. */
function refusalOf(err: Error & { code?: string }): UntrustedParseError {
  const kind = err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too-big' : 'unreadable';
  return new UntrustedParseError(kind, `${err.code ?? err.name}: ${err.message}`);
}
