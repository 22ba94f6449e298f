/**
 * The parsers of lib/untrusted, as worker-thread tasks (pool.ts): what a route or service awaits
 * instead of calling the parser on the event loop. Features name their own parsers the same way.
 */
import type { sniffFileType } from './file-type.js';
import { untrustedTask } from './pool.js';

/** sniffFileType in a worker: the type of an uploaded file from its bytes, or null. */
export const sniffFileTypeOffThread = untrustedTask<typeof sniffFileType>(
  new URL('./file-type.js', import.meta.url),
  'sniffFileType',
);
