import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/fixtures/frameworks/fixtures.js';
import { runCli } from '../../../test/helpers/cli.js';
import { insertOrganisation } from '../../../test/helpers/client.js';
import { createDb } from '../../db/create-db.js';
import { migrateToLatest } from '../../db/migrate.js';
import { projectRoot } from '../../lib/paths.js';

const dataDir = mkdtempSync(join(tmpdir(), 'qm-fw-cli-'));
const env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
const FIXTURES = join(projectRoot, 'test/fixtures/frameworks');

/** The CLI from its TypeScript sources, in this process (test/helpers/cli.ts). */
function cli(...args: string[]) {
  return runCli(args, env);
}

async function failing(...args: string[]) {
  try {
    await cli(...args);
  } catch (err) {
    return err as { code: number; stdout: string; stderr: string };
  }
  throw new Error(`expected quality-markers ${args.join(' ')} to fail`);
}

let slug: string;
let other: string;
beforeAll(async () => {
  // The partnerships go straight into the database the CLI will use: quicker than two more processes.
  const db = createDb({ kind: 'sqlite', file: join(dataDir, 'quality-markers.sqlite') });
  await migrateToLatest(db);
  slug = (await insertOrganisation(db, 'Riverside Safeguarding Partnership')).slug;
  other = (await insertOrganisation(db, 'Hilltown Partnership')).slug;
  await db.destroy();
}, 60_000);

describe('quality-markers framework', () => {
  it('validate: a good file passes', async () => {
    const { stdout } = await cli('framework', 'validate', join(FIXTURES, 'local-v1.yaml'));
    expect(stdout).toContain('riverside-review-checks 1.0.0 is valid (5 markers, 8 questions)');
  }, 60_000);

  it('validate: exits 1 with every problem on its own line, FILE:line:column field: message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qm-fw-'));
    const file = join(dir, 'broken.yaml');
    const text = fixtureText('local-v1.yaml')
      .replace('version: 1.0.0', 'version: one')
      .replace(/( {8}questions:\n {10}- key: independent\n.*\n.*\n)/, '        questions: []\n');
    writeFileSync(file, text);
    const emptyLine = text.split('\n').indexOf('        questions: []') + 1;
    const err = await failing('framework', 'validate', file);
    expect(err.code).toBe(1);
    const lines = err.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${file}:3:10 version: Version must be a version like "1.0.0"`,
      `${file}:${emptyLine}:20 stages[0].markers[1].questions: Marker 'reviewer-chosen' has no questions`,
    ]);
  }, 60_000);

  it('validate: places spreadsheet problems by cell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qm-fw-'));
    const file = join(dir, 'broken.csv');
    writeFileSync(
      file,
      fixtureText('local.csv').replace('Is there a joint chronology?,Lead reviewer', 'Is there a joint chronology?,'),
    );
    const err = await failing('framework', 'validate', file, '--title', 'Riverside checks', '--version', '1.0.0');
    expect(err.stderr.trim()).toBe(`${file}:F8 audiences: Question 'is-there-a-joint-chronology' has no audiences`);
  }, 60_000);

  it('import, refuse a lower version, then export: the same file comes back', async () => {
    const v2 = await cli('framework', 'import', join(FIXTURES, 'local-v2.yaml'), '--organisation', slug);
    expect(v2.stdout).toContain(`Imported Riverside local review checks (riverside-review-checks 1.1.0) into ${slug}`);

    const lower = await failing('framework', 'import', join(FIXTURES, 'local-v1.yaml'), '--organisation', slug);
    expect(lower.code).toBe(1);
    expect(lower.stderr.trim()).toBe(
      `${join(FIXTURES, 'local-v1.yaml')} version: Version 1.0.0 is not higher than the latest version, 1.1.0`,
    );

    const exported = await cli('framework', 'export', 'riverside-review-checks@1.1.0', '--organisation', slug);
    const dir = mkdtempSync(join(tmpdir(), 'qm-fw-'));
    writeFileSync(join(dir, 'exported.yaml'), exported.stdout);
    // Into another partnership, and out again: byte for byte the same.
    await cli('framework', 'import', join(dir, 'exported.yaml'), '--organisation', other);
    const again = await cli('framework', 'export', 'riverside-review-checks', '--organisation', other);
    expect(again.stdout).toBe(exported.stdout);

    // Without --organisation only the built-in frameworks are there.
    const missing = await failing('framework', 'export', 'riverside-review-checks');
    expect(missing.stderr).toContain("There is no framework 'riverside-review-checks'");
  }, 300_000);

  it('explains an unknown sub-command, exiting 2', async () => {
    expect(await failing('framework', 'frobnicate')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown framework command 'frobnicate'") as unknown,
    });
  }, 60_000);
});
