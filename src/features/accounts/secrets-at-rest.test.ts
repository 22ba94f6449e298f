import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, type Person } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { buildApp } from '../../app.js';
import { ConfigError, loadConfig } from '../../config/config.js';
import { sha256 } from './accounts.service.js';
import { hashPassword } from './passwords.js';

// Two-factor secrets and single sign-on client secrets are stored sealed, recovery codes as keyed
// digests: a copy of the database alone gives none of them. SESSION_SECRET can be changed with the old
// one listed in PREVIOUS_SESSION_SECRETS; without it, the app refuses to start rather than lock people out.

const FIRST = 'first-session-secret-for-this-test-abcdef';
const SECOND = 'second-session-secret-after-a-change-xyz12';
const PASSWORD = 'correct horse battery staple';
const LEGACY_TOTP = 'JBSWY3DPEHPK3PXP';

let t: TestApp;
let passwordHash: string;
let org: { id: string };
const others: FastifyInstance[] = [];

beforeAll(async () => {
  t = await buildTestApp({}, { SESSION_SECRET: FIRST });
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => {
  for (const app of others) await app.close();
  await t.close();
});

/** A minute on: a later TOTP time-step than any the person used before. */
let offset = 0;
const now = () => new Date(Date.now() + offset);

/** Another app on the same database, as after a restart with other settings, a minute later. */
async function restartWith(env: Record<string, string>) {
  offset += 60_000;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/qm-unused', ...env });
  const app = await buildApp(config, { db: t.testDb.db, clock: now });
  others.push(app);
  await app.ready();
  return app;
}

const codeFor = (secret: string) =>
  TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: now().getTime(),
  });

const stored = (userId: string) =>
  t.testDb.db.selectFrom('user_account').select(['totp_secret']).where('id', '=', userId).executeTakeFirstOrThrow();

const storedCodes = (userId: string) =>
  t.testDb.db.selectFrom('recovery_code').select('code_hash').where('user_id', '=', userId).execute();

/** Signs in with the password, then the code; the answer to the code. */
async function signIn(app: FastifyInstance, who: Person, code: string) {
  const client = new Client(app);
  const first = await client.post('/sign-in', { email: who.email, password: PASSWORD });
  expect(first.headers.location).toBe('/sign-in/two-factor');
  return client.post('/sign-in/two-factor', { code }, { csrfFrom: '/sign-in/two-factor' });
}

describe('secrets at rest', () => {
  let member: Person;
  let secret: string;
  let recoveryCodes: string[];

  it('stores the two-factor secret sealed and the recovery codes as keyed digests', async () => {
    member = await insertPerson(t.testDb.db, org.id, 'member', { passwordHash });
    const client = new Client(t.app);
    await client.post('/sign-in', { email: member.email, password: PASSWORD });
    secret = readPage((await client.get('/account/two-factor')).body)
      .text('#secret')
      .replace(/\s/g, '');
    const pending = (await stored(member.id)).totp_secret!;
    expect(pending).toMatch(/^qm1:/);
    expect(pending).not.toContain(secret);

    const on = await client.post('/account/two-factor', { code: codeFor(secret) }, { csrfFrom: '/account' });
    expect(on.statusCode).toBe(200);
    recoveryCodes = readPage(on.body).all('.app-recovery-codes code');
    const digests = (await storedCodes(member.id)).map((r) => r.code_hash);
    expect(digests).toHaveLength(10);
    for (const digest of digests) expect(digest).toMatch(/^qm1:[0-9a-f]{64}$/);
    // Not the plain SHA-256 of any code: a copy of the table cannot be checked against guesses.
    const plainDigests = recoveryCodes.map((c) => sha256(c.replace(/-/g, '')));
    expect(digests.filter((d) => plainDigests.includes(d))).toEqual([]);
  });

  it('keeps working after SESSION_SECRET changes, with the old one listed as previous', async () => {
    const before = (await stored(member.id)).totp_secret!;
    const app = await restartWith({ SESSION_SECRET: SECOND, PREVIOUS_SESSION_SECRETS: FIRST });
    const after = (await stored(member.id)).totp_secret!;
    expect(after).toMatch(/^qm1:/);
    expect(after, 'sealed again with the new key at start').not.toBe(before);
    expect(app.secretBox.isCurrent(after)).toBe(true);
    expect((await signIn(app, member, codeFor(secret))).statusCode).toBe(303);
    // A recovery code made under the first secret still works, once.
    expect((await signIn(app, member, recoveryCodes[0]!)).statusCode).toBe(303);
    expect((await signIn(app, member, recoveryCodes[0]!)).statusCode).toBe(401);
  });

  it('refuses to start with a SESSION_SECRET that cannot open what is stored, naming the fix', async () => {
    await expect(restartWith({ SESSION_SECRET: 'an-unrelated-secret-nobody-listed-00000' })).rejects.toThrow(
      ConfigError,
    );
    await expect(restartWith({ SESSION_SECRET: 'an-unrelated-secret-nobody-listed-00000' })).rejects.toThrow(
      /PREVIOUS_SESSION_SECRETS/,
    );
  });

  it('seals at start what an older version stored in plain text, and still accepts its recovery codes', async () => {
    const old = await insertPerson(t.testDb.db, org.id, 'member', { passwordHash, twoFactor: true });
    expect((await stored(old.id)).totp_secret).toBe(LEGACY_TOTP);
    await t.testDb.db
      .insertInto('recovery_code')
      .values({ id: `rc-${old.id}`, user_id: old.id, code_hash: sha256('abcdefghjk'), used_at: null, created_at: '' })
      .execute();
    await t.testDb.db
      .updateTable('organisation')
      .set({ oidc_issuer: 'https://login.example.org', oidc_client_id: 'qm', oidc_client_secret: 'plain-secret' })
      .where('id', '=', org.id)
      .execute();

    const app = await restartWith({ SESSION_SECRET: SECOND });
    const sealed = (await stored(old.id)).totp_secret!;
    expect(sealed).toMatch(/^qm1:/);
    expect(app.secretBox.open(sealed, `totp:${old.id}`)).toBe(LEGACY_TOTP);
    const orgRow = await t.testDb.db
      .selectFrom('organisation')
      .select('oidc_client_secret')
      .where('id', '=', org.id)
      .executeTakeFirstOrThrow();
    expect(orgRow.oidc_client_secret).toMatch(/^qm1:/);
    expect(app.secretBox.open(orgRow.oidc_client_secret!, `oidc-client-secret:${org.id}`)).toBe('plain-secret');

    expect((await signIn(app, old, codeFor(LEGACY_TOTP))).statusCode).toBe(303);
    expect((await signIn(app, old, 'abcd-efgh-jk')).statusCode).toBe(303);
  });
});
