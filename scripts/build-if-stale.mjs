// `npm start`'s prestart: runs `npm run build` (assets and tsc) only when the build is out of date, so a
// start on a built tree goes straight to the server. Up to date means: a build finished successfully
// (dist/.build-stamp, whose time is set to when that build *started*, so a file saved during it counts as
// newer) and no input has changed since. Inputs are everything the build reads: src/ (directories too, so
// a deleted or renamed file counts), assets/, the tsconfig files, package.json, package-lock.json and the
// asset build script. A failed build writes no stamp, so the next start builds again.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAMP = 'dist/.build-stamp';
export const INPUTS = [
  'src',
  'assets',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
  'package-lock.json',
  'scripts/build-assets.mjs',
];

/** The latest modification time (ms) of a path and, for a directory, of everything in it; 0 if absent. */
export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** Whether the last successful build in `root` is newer than every input: no build needed. */
export function isBuildUpToDate(root, inputs = INPUTS, stamp = STAMP) {
  const stampPath = join(root, stamp);
  if (!existsSync(stampPath)) return false;
  const built = statSync(stampPath).mtimeMs;
  return inputs.every((input) => newestMtime(join(root, input)) < built);
}

/** Records a successful build that started at `startedAt` (a Date). */
export function writeStamp(root, startedAt, stamp = STAMP) {
  const stampPath = join(root, stamp);
  writeFileSync(stampPath, `${startedAt.toISOString()}\n`);
  utimesSync(stampPath, startedAt, startedAt);
}

function main() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (isBuildUpToDate(root)) {
    console.log('The build is up to date: starting.');
    return;
  }
  console.log('Building the app first (the first start, or after a change): this may take a minute.');
  const startedAt = new Date();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeStamp(root, startedAt);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
