import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrameworkText } from './framework.parse.js';
import type { FrameworkFile } from './framework.schema.js';
import { compareVersions } from './framework.version.js';

export class FrameworkFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Framework file ${file} is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'FrameworkFileError';
  }
}

/**
 * Reads and validates every built-in framework file; any broken file stops start-up with its place.
 * A framework may ship several versions, one file each (`scr-quality-markers.yaml` for the current one,
 * `scr-quality-markers@1.0.0.yaml` for an older one): they come back newest first within their key, so
 * the first file found for a key is its current version.
 */
export function loadFrameworkFiles(dir: string): FrameworkFile[] {
  return newestFirst(readFrameworkFiles(dir));
}

function newestFirst(frameworks: FrameworkFile[]): FrameworkFile[] {
  const byKey = new Map<string, FrameworkFile[]>();
  for (const fw of frameworks) byKey.set(fw.key, [...(byKey.get(fw.key) ?? []), fw]);
  return [...byKey.values()].flatMap((versions) => versions.sort((a, b) => compareVersions(b.version, a.version)));
}

function readFrameworkFiles(dir: string): FrameworkFile[] {
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
