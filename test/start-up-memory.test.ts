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
 */
const HEAVY = ['exceljs', 'pdfkit', 'qrcode', 'nodemailer', 'pg', 'unzipper'];

const script = `
import { createRequire } from 'node:module';
const { buildApp } = await import(${JSON.stringify(join(projectRoot, 'src/app.ts'))});
const { loadConfig } = await import(${JSON.stringify(join(projectRoot, 'src/config/config.ts'))});
const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent', DATA_DIR: process.env.QM_DIR });
const app = await buildApp(config);
await app.ready();
await app.inject('/frameworks/scr-quality-markers/referral');
const require = createRequire(import.meta.url);
const loaded = Object.keys(require.cache).map((p) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(p)?.[1]).filter(Boolean);
console.log(JSON.stringify([...new Set(loaded)]));
await app.close();
`;

const dir = mkdtempSync(join(tmpdir(), 'qm-start-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('start-up', () => {
  it('loads none of the heavy libraries until they are used', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: projectRoot, env: { PATH: process.env.PATH, HOME: process.env.HOME, QM_DIR: dir }, timeout: 60_000 },
    );
    const loaded = JSON.parse(stdout.trim().split('\n').pop()!) as string[];
    expect(loaded).toContain('better-sqlite3'); // the check sees CommonJS packages at all
    expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
  });
});
