#!/usr/bin/env node
// Runs the built CLI (npm run build makes dist/); falls back to the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/src/cli.js', import.meta.url));
let cli;
if (existsSync(built)) {
  cli = await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
const code = await cli.main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
