import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertOrganisation, insertPerson, type Person } from '../../../test/helpers/client.js';
import { main } from '../../cli.js';
import { createDb, type Db } from '../../db/create-db.js';
import { migrateToLatest } from '../../db/migrate.js';
import { createToken, ViewerWriteTokenError } from './tokens.service.js';

// `quality-markers token create`, run in this process on a SQLite file of its own.
const dataDir = mkdtempSync(join(tmpdir(), 'qm-token-cli-'));
const actor = { userId: null, organisationId: null, ip: null, userAgent: null };
let db: Db;
let slug: string;
let organisationId: string;
let viewer: Person;
let member: Person;

beforeAll(async () => {
  db = createDb({ kind: 'sqlite', file: join(dataDir, 'quality-markers.sqlite') });
  await migrateToLatest(db);
  const org = await insertOrganisation(db, 'Riverside Safeguarding Partnership');
  slug = org.slug;
  organisationId = org.id;
  viewer = await insertPerson(db, org.id, 'viewer');
  member = await insertPerson(db, org.id, 'member');
}, 60_000);
afterAll(async () => {
  await db.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function cli(...args: string[]) {
  vi.stubEnv('DATA_DIR', dataDir);
  vi.stubEnv('DATABASE_URL', '');
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const tokenCount = async (userId: string) =>
  Number(
    (
      await db
        .selectFrom('api_token')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('quality-markers token create', () => {
  it('refuses a token that can write to a viewer, and says to ask for a read token', async () => {
    const refused = await cli(
      'token',
      'create',
      '--organisation',
      slug,
      '--email',
      viewer.email,
      '--scopes',
      'read,write',
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('viewers can only have read tokens: use --scopes read');
    expect(refused.stdout).not.toContain('qm_');
    expect(await tokenCount(viewer.id)).toBe(0);

    const read = await cli('token', 'create', '--organisation', slug, '--email', viewer.email, '--scopes', 'read');
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(/qm_\S+$/);
    expect(await tokenCount(viewer.id)).toBe(1);
  }, 60_000);

  it('gives a member a token that can write', async () => {
    const made = await cli(
      'token',
      'create',
      '--organisation',
      slug,
      '--email',
      member.email,
      '--scopes',
      'read,write',
    );
    expect(made.code).toBe(0);
    const row = await db.selectFrom('api_token').select('scopes').where('user_id', '=', member.id).executeTakeFirst();
    expect(row?.scopes).toBe('read,write');
  }, 60_000);
});

describe('createToken', () => {
  it('refuses write to a viewer whichever way it is asked for, and stores nothing', async () => {
    const before = await tokenCount(viewer.id);
    const input = { organisationId, userId: viewer.id, name: 't', expiresAt: null };
    await expect(createToken(db, { ...input, scopes: ['read', 'write'] }, actor)).rejects.toThrow(
      ViewerWriteTokenError,
    );
    expect(await tokenCount(viewer.id)).toBe(before);
    await createToken(db, { ...input, scopes: ['read'] }, actor);
    expect(await tokenCount(viewer.id)).toBe(before + 1);
  });
});
