/**
 * The worker thread's entry (started by pool.ts, one task per worker): says it is ready, takes one
 * task in one message, imports the named module,
 * calls the named export with the arguments and posts the result back. Only modules of the app itself
 * (under the directory that holds lib/) may be named. Byte arrays arrive as plain Uint8Arrays after
 * structured clone; they are turned back into Buffers (without a copy) for the parsers that expect one.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import type { TaskData, TaskReply } from './worker-thread.js';

/** src/ when running TypeScript, dist/src/ when running the built app. */
const appRoot = new URL('../../', import.meta.url).href;

const asBuffer = (value: unknown) =>
  value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;

/** Errors that mean the file needs more room than the limits give it, caught inside the task. */
const OUT_OF_ROOM =
  /^RangeError: (.*allocation failed|Invalid (typed )?array length|Invalid string length|Maximum call stack)/i;

async function run({ module, exportName, args }: TaskData): Promise<unknown> {
  const url = new URL(module);
  if (url.protocol !== 'file:' || !url.href.startsWith(appRoot) || /[?#]/.test(module)) {
    throw new Error(`Not a module of the app: ${module}`);
  }
  const loaded = (await import(url.href)) as Record<string, unknown>;
  const task = loaded[exportName];
  if (typeof task !== 'function') throw new Error(`${module} has no function ${exportName}`);
  return (task as (...args: unknown[]) => unknown)(...args.map(asBuffer));
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  // One task per worker: the first message is it; the pool ends the worker after the answer.
  port.once('message', (data: TaskData) => {
    void run(data).then(
      (result) => port.postMessage({ ok: true, result } satisfies TaskReply),
      (err: unknown) => {
        const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        port.postMessage({ ok: false, tooBig: OUT_OF_ROOM.test(error), error } satisfies TaskReply);
      },
    );
  });
  port.postMessage('ready' satisfies TaskReply);
}
