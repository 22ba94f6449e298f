// Runs npm scripts at the same time (`node scripts/run-parallel.mjs lint typecheck`), prints each one's
// output as a block when it ends, and fails if any of them failed. On CI's two cores, lint and typecheck
// side by side take as long as the slower of the two rather than both.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import process from 'node:process';

// RUN_PARALLEL_SKIP names scripts run elsewhere already (comma-separated): .ci/run runs `check` while the
// native modules compile, and then npm test without it.
const skipped = new Set((process.env.RUN_PARALLEL_SKIP ?? '').split(',').filter(Boolean));
const all = process.argv.slice(2);
for (const name of all.filter((n) => skipped.has(n))) {
  process.stdout.write(`== npm run ${name}: not run here (RUN_PARALLEL_SKIP)\n`);
}
const names = all.filter((n) => !skipped.has(n));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
const results = await Promise.all(
  names.map(
    (name) =>
      new Promise((resolve) => {
        const chunks = [];
        const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.on('data', (c) => chunks.push(c));
        child.stderr.on('data', (c) => chunks.push(c));
        child.on('close', (code) => {
          const output = Buffer.concat(chunks).toString();
          const seconds = ((Date.now() - started) / 1000).toFixed(0);
          process.stdout.write(
            `== npm run ${name}: ${code === 0 ? 'passed' : `FAILED (${code})`} in ${seconds} s\n${output}`,
          );
          resolve(code);
        });
      }),
  ),
);
process.exitCode = results.some((code) => code !== 0) ? 1 : 0;
