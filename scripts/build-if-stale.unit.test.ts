import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBuildUpToDate, writeStamp } from './build-if-stale.mjs';

let root: string;
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
const touch = (path: string, seconds: number) => {
  writeFileSync(join(root, path), 'x');
  utimesSync(join(root, path), at(seconds), at(seconds));
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'build-stamp-'));
  for (const dir of ['src/features', 'assets', 'dist']) mkdirSync(join(root, dir), { recursive: true });
  touch('src/features/a.ts', 10);
  touch('assets/app.scss', 10);
  touch('package-lock.json', 10);
  touch('tsconfig.json', 10);
  for (const dir of ['src/features', 'src', 'assets']) utimesSync(join(root, dir), at(10), at(10));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('whether `npm start` must build first', () => {
  it('builds when no build has finished (no stamp)', () => {
    expect(isBuildUpToDate(root)).toBe(false);
  });

  it('skips the build when it started after every input last changed', () => {
    writeStamp(root, at(20));
    expect(isBuildUpToDate(root)).toBe(true);
  });

  it('builds when a source, style, lock file or tsconfig changed after the build started', () => {
    for (const input of ['src/features/a.ts', 'assets/app.scss', 'package-lock.json', 'tsconfig.json']) {
      writeStamp(root, at(20));
      touch(input, 30);
      expect(isBuildUpToDate(root), input).toBe(false);
      touch(input, 10);
    }
  });

  it('builds when a file changed during the build (the stamp is the build’s start, not its end)', () => {
    touch('src/features/a.ts', 25);
    writeStamp(root, at(20));
    expect(isBuildUpToDate(root)).toBe(false);
  });

  it('builds when a source file is deleted, since its directory changes', () => {
    writeStamp(root, at(20));
    rmSync(join(root, 'src/features/a.ts'));
    expect(isBuildUpToDate(root)).toBe(false);
  });

  it('builds when a file is as new as the stamp (same tick: cannot tell which came first)', () => {
    writeStamp(root, at(20));
    touch('assets/app.scss', 20);
    expect(isBuildUpToDate(root)).toBe(false);
  });
});
