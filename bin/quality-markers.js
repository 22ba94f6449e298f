#!/usr/bin/env node
// The `quality-markers` command. Runs the TypeScript sources through tsx, so it never runs a stale
// build; falls back to the compiled dist/ when tsx is not installed.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
let cli;
try {
  if (!existsSync(source)) throw new Error('no sources');
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
} catch {
  cli = await import('../dist/src/cli.js');
}
const code = await cli.main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
