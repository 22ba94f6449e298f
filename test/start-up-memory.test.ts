import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/lib/paths.js';

/**
 * The libraries for documents, spreadsheets, mail and PostgreSQL are tens of megabytes in memory, and most
 * processes never use them: they are imported where they are first needed. One static import in any module
 * loaded at start-up quietly undoes that (it happened once, through the action import), so this starts the
 * app in a fresh process and lists which of them were loaded.
 *
 * Both kinds of module are seen: CommonJS packages through require.cache, ES modules (docx, and any
 * package loaded through `import`) through a module resolve hook that writes down every package it
 * resolves; a check that only read require.cache passed with `import 'docx'` added to app.ts.
 */
const HEAVY = ['exceljs', 'pdfkit', 'qrcode', 'nodemailer', 'pg', 'unzipper', 'docx', 'jszip'];

/** Runs in Node's module-hooks thread: each package an `import` resolves, one per line, to the file QM_IMPORTS names. */
const hook = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (result.url.includes('/node_modules/')) appendFileSync(process.env.QM_IMPORTS, result.url + '\\n');
  return result;
}`;

const script = `
import { createRequire, register } from 'node:module';
import { readFileSync } from 'node:fs';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});
const { buildApp } = await import(${JSON.stringify(join(projectRoot, 'src/app.ts'))});
const { loadConfig } = await import(${JSON.stringify(join(projectRoot, 'src/config/config.ts'))});
const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent', DATA_DIR: process.env.QM_DIR });
const app = await buildApp(config);
await app.ready();
await app.inject('/frameworks/scr-quality-markers/referral');
const require = createRequire(import.meta.url);
const packages = (paths) => [...new Set(paths.map((p) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(p)?.[1]).filter(Boolean))];
console.log(JSON.stringify({
  required: packages(Object.keys(require.cache)),
  imported: packages(readFileSync(process.env.QM_IMPORTS, 'utf8').split('\\n')),
}));
await app.close();
`;

const dir = mkdtempSync(join(tmpdir(), 'qm-start-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('start-up', () => {
  it('loads none of the heavy libraries until they are used', async () => {
    const imports = join(dir, 'imports.txt');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: projectRoot,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, QM_DIR: dir, QM_IMPORTS: imports },
        timeout: 60_000,
      },
    );
    const { required, imported } = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, string[]>;
    expect(required).toContain('better-sqlite3'); // the check sees CommonJS packages at all
    expect(imported).toContain('fastify'); // and packages loaded through import
    const loaded = new Set([...required!, ...imported!]);
    expect(HEAVY.filter((name) => loaded.has(name))).toEqual([]);
  });
});
