/**
 * Running parsers of untrusted bytes off the event loop. Each task runs in a fresh worker thread with
 * a heap limit (`resourceLimits`) and a wall-clock time limit, at most `workers` at once per process,
 * with a bounded queue behind them. A task that runs out of memory, takes too long, crashes or is
 * queued behind too many others is refused with an UntrustedParseError: a clear 4xx for the person who
 * sent the file, and nothing else in the process is affected.
 *
 * A fresh worker per task is what keeps partnerships apart: nothing one file leaves behind (a module's
 * state, a poisoned prototype, a half-built object) is there for the next. Starting one costs about
 * 40 ms from the built app (more under tsx in development and tests), which is small next to parsing
 * a spreadsheet.
 *
 * Tasks are exported functions of the app's own modules, named by module URL and export name (see
 * `untrustedTask`): the features that own a parser say where it is, so this module depends on none
 * of them. Arguments and results cross by structured clone: a Buffer arrives in the worker as a
 * Buffer again (worker.ts rebuilds it), but a Buffer in a result comes back as a plain Uint8Array.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HttpError } from '../errors.js';

export type UntrustedFailure = 'too-big' | 'too-slow' | 'unreadable' | 'busy';

/** What the person is told, in GOV.UK style; the feature may say it by the field instead. */
export const UNTRUSTED_MESSAGES: Record<UntrustedFailure, string> = {
  'too-big': 'The file needs more memory to read than we allow: make it smaller or simpler and try again',
  'too-slow': 'The file took too long to read: make it smaller or simpler and try again',
  unreadable: 'The file could not be read: check it and try again',
  busy: 'We are reading too many files at the moment: try again in a minute',
};

const STATUS: Record<UntrustedFailure, number> = { 'too-big': 413, 'too-slow': 400, unreadable: 400, busy: 503 };

/** A parse refused by its limits. An HttpError, so uncaught it still becomes a clear 4xx (or 503 when busy). */
export class UntrustedParseError extends HttpError {
  constructor(
    readonly kind: UntrustedFailure,
    /** For the logs only: never shown to people */
    readonly detail?: string,
  ) {
    super(STATUS[kind], UNTRUSTED_MESSAGES[kind]);
    this.name = 'UntrustedParseError';
  }

  /** The message by an upload field, in GOV.UK style ("The selected file …"). */
  get fieldMessage(): string {
    return this.message.replace(/^The file/, 'The selected file');
  }
}

export interface UntrustedLimits {
  /** Tasks running at once in this process */
  workers: number;
  /** Tasks that may wait for a free worker; the next is refused as 'busy' */
  queue: number;
  /** Wall-clock limit of one task, from its worker's start, in milliseconds */
  timeLimitMs: number;
  /** V8 old-generation heap limit of one task's worker, in MB */
  heapMb: number;
}

export const DEFAULT_UNTRUSTED_LIMITS: Readonly<UntrustedLimits> = Object.freeze({
  workers: 2,
  queue: 20,
  timeLimitMs: 10_000,
  heapMb: 256,
});

let limits: UntrustedLimits = { ...DEFAULT_UNTRUSTED_LIMITS };

/** Told of every refusal, with its detail and the task's name, for the logs. */
export type RefusalListener = (error: UntrustedParseError, task: string) => void;
let onRefusal: RefusalListener | undefined;
let inline = false;

/** Sets the per-process limits (from config at start-up). Tasks already running keep theirs. */
export function configureUntrusted(
  next: Partial<UntrustedLimits> & {
    onRefusal?: RefusalListener;
    /**
     * Runs tasks on the calling thread, without limits or isolation, for tests of what a parser answers
     * to thousands of inputs (where starting a worker each time would be most of the cost). Never set
     * by the app: config has no setting for it.
     */
    inline?: boolean;
  },
): void {
  const { onRefusal: listener, inline: onThisThread, ...rest } = next;
  limits = { ...limits, ...rest };
  if (listener) onRefusal = listener;
  if (onThisThread !== undefined) inline = onThisThread;
  drain();
}

export function untrustedLimits(): Readonly<UntrustedLimits> {
  return limits;
}

/** Per task: a larger heap or a longer time for a task known to need it (a large JSON import). */
export interface TaskOptions {
  /** Heap in MB; never less than the configured heapMb */
  heapMb?: (configured: number) => number;
  timeLimitMs?: (configured: number) => number;
}

/** What a Buffer (or other typed array) in a result becomes on this side: structured clone keeps only the view. */
export type Cloned<T> = T extends Buffer
  ? Uint8Array
  : T extends Date | RegExp | Uint8Array
    ? T
    : T extends readonly unknown[] | object
      ? { [K in keyof T]: Cloned<T[K]> }
      : T;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => unknown;

/**
 * A function of one of the app's modules, to be run in a worker: `untrustedTask<typeof readWorkbook>(
 * new URL('./framework.xlsx.js', import.meta.url), 'readWorkbook')`. Name the module with its .js
 * name: the built app runs the .js, and under tsx that name finds the .ts.
 */
export function untrustedTask<F extends AnyFunction>(module: URL, exportName: string, options: TaskOptions = {}) {
  return (...args: Parameters<F>): Promise<Cloned<Awaited<ReturnType<F>>>> =>
    runUntrusted(module.href, exportName, args, options) as Promise<Cloned<Awaited<ReturnType<F>>>>;
}

let running = 0;
const waiting: (() => void)[] = [];

function drain() {
  while (running < limits.workers && waiting.length) {
    running++;
    waiting.shift()!();
  }
}

async function slot(): Promise<void> {
  if (running < limits.workers && !waiting.length) {
    running++;
    return;
  }
  if (waiting.length >= limits.queue) throw new UntrustedParseError('busy', 'queue full');
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release() {
  running--;
  drain();
}

/** Tasks running and waiting now, for tests and diagnostics. */
export function untrustedLoad() {
  return { running, waiting: waiting.length };
}

/** Runs `module`'s export `exportName` with `args` in a fresh, limited worker. */
export async function runUntrusted(
  module: string,
  exportName: string,
  args: unknown[],
  options: TaskOptions = {},
): Promise<unknown> {
  if (inline) {
    const task = ((await import(module)) as Record<string, (...a: unknown[]) => unknown>)[exportName]!;
    // Cloned as the worker's answer would be, so that callers see the same shapes.
    return structuredClone(await task(...args));
  }
  try {
    await slot();
    try {
      const heapMb = Math.max(limits.heapMb, options.heapMb?.(limits.heapMb) ?? 0);
      const timeLimitMs = options.timeLimitMs?.(limits.timeLimitMs) ?? limits.timeLimitMs;
      return await runInWorker({ module, exportName, args }, heapMb, timeLimitMs);
    } finally {
      release();
    }
  } catch (err) {
    if (err instanceof UntrustedParseError)
      onRefusal?.(err, `${module.slice(module.lastIndexOf('/') + 1)}#${exportName}`);
    throw err;
  }
}

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
      started.ended ??= new UntrustedParseError(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too-big' : 'unreadable',
        `${err.code ?? err.name}: ${err.message}`,
      );
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

function takeWorker(heapMb: number): Started {
  const taken = spare && !spare.ended && spare.heapMb === heapMb ? spare : undefined;
  if (taken) spare = undefined;
  if (!spare || spare.ended || spare.heapMb !== limits.heapMb) {
    if (spare) void spare.worker.terminate();
    spare = start(limits.heapMb);
    // An idle spare never keeps the process (a CLI command, a test run) alive.
    spare.worker.unref();
  }
  const chosen = taken ?? start(heapMb);
  chosen.worker.ref();
  return chosen;
}

/**
 * Starts the worker kept ahead now rather than after the first task, and waits until it is ready: for
 * tests, which should time the parse rather than tsx's start-up in a worker.
 */
export async function startUntrustedSpare(): Promise<void> {
  if (!spare || spare.ended || spare.heapMb !== limits.heapMb) {
    if (spare) void spare.worker.terminate();
    spare = start(limits.heapMb);
    spare.worker.unref();
  }
  await spare.ready;
}

/** Ends the worker started ahead, if any (at shutdown; a new one is started on the next task). */
export async function stopUntrustedSpare(): Promise<void> {
  const idle = spare;
  spare = undefined;
  if (idle) await idle.worker.terminate();
}

async function runInWorker(data: TaskData, heapMb: number, timeLimitMs: number): Promise<unknown> {
  const started = takeWorker(heapMb);
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
    worker.on('error', (err: Error & { code?: string }) =>
      reject(
        new UntrustedParseError(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too-big' : 'unreadable',
          `${err.code ?? err.name}: ${err.message}`,
        ),
      ),
    );
    worker.once('exit', (code) =>
      reject(new UntrustedParseError('unreadable', `worker exited with code ${code} before answering`)),
    );
    worker.postMessage(data);
  });
}
