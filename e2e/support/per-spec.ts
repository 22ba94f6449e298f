import { expect } from 'vitest';

/**
 * State that belongs to one spec file. The browser suite's files share their worker's modules (`isolate:
 * false` in vitest.config.ts), so a module-level Set would carry one file's audits into the next file in
 * the same worker: keep it here instead, made afresh when the worker moves on to another file.
 */
export function perSpecFile<T>(make: () => T): () => T {
  let file: string | undefined;
  let value: T | undefined;
  return () => {
    const current = expect.getState().testPath ?? '';
    if (value === undefined || file !== current) {
      file = current;
      value = make();
    }
    return value;
  };
}
