import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/helpers/db.js';
import { projectRoot } from '../lib/paths.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';

const run = promisify(execFile);

describe('migrations', () => {
  it('run once, then find nothing to do', async () => {
    const t = await createTestDb();
    try {
      expect(await migrateToLatest(t.db)).toEqual([]);
      const tables = (await t.db.introspection.getTables()).map((x) => x.name);
      expect(tables).toEqual(expect.arrayContaining(['organisation', 'framework']));
    } finally {
      await t.drop();
    }
  });

  it('are named so that they sort in the order they run', () => {
    const names = Object.keys(migrations);
    expect([...names].sort()).toEqual(names);
  });
});

describe('quality-markers migrate', () => {
  it('creates and migrates the SQLite database in DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qm-cli-'));
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    const first = await run('node', [join(projectRoot, 'bin/quality-markers.js'), 'migrate'], { env });
    expect(first.stdout).toContain('applied 2026-11-25T0000-initial');
    const second = await run('node', [join(projectRoot, 'bin/quality-markers.js'), 'migrate'], { env });
    expect(second.stdout.trim()).toBe('The database is up to date');
  }, 30_000);

  it('explains an unknown command and exits 2', async () => {
    await expect(run('node', [join(projectRoot, 'bin/quality-markers.js'), 'frobnicate'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown command 'frobnicate'") as unknown,
    });
  });
});
