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
import { UntrustedParseError } from './refusal.js';
import { runInWorker, startSpare } from './worker-thread.js';

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
      return await runInWorker({ module, exportName, args }, { heapMb, spareHeapMb: limits.heapMb, timeLimitMs });
    } finally {
      release();
    }
  } catch (err) {
    if (err instanceof UntrustedParseError)
      onRefusal?.(err, `${module.slice(module.lastIndexOf('/') + 1)}#${exportName}`);
    throw err;
  }
}

/**
 * Starts the worker kept ahead now rather than after the first task, and waits until it is ready: for
 * tests, which should time the parse rather than tsx's start-up in a worker.
 */
export async function startUntrustedSpare(): Promise<void> {
  await startSpare(limits.heapMb);
}
