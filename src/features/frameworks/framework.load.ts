import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrameworkText } from './framework.parse.js';
import type { FrameworkFile } from './framework.schema.js';

export class FrameworkFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Framework file ${file} is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'FrameworkFileError';
  }
}

/** Reads and validates every built-in framework file; any broken file stops start-up with its place. */
export function loadFrameworkFiles(dir: string): FrameworkFile[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  return files.map((name) => {
    const file = join(dir, name);
    const parsed = parseFrameworkText(readFileSync(file, 'utf8'));
    if (!parsed.ok) {
      throw new FrameworkFileError(
        file,
        parsed.problems.map((p) => `${file}:${p.line ?? 1}:${p.column ?? 1} ${p.field}: ${p.message}`),
      );
    }
    return parsed.framework;
  });
}
