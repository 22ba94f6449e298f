import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, insertOrganisation, insertPerson, type Person } from '../../../test/helpers/client.js';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import { readPage } from '../../../test/helpers/html.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config/config.js';
import { sessionTimeoutRoutes } from './session-timeout.routes.js';

const MINUTE = 60 * 1000;
let clock = new Date('2026-11-25T09:00:00Z');
let app: FastifyInstance;
let testDb: TestDb;
let member: Person;
let orgId: string;

beforeAll(async () => {
  testDb = await createTestDb();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: '/tmp/qm-unused' });
  app = await buildApp(config, { db: testDb.db, clock: () => clock });
  // src/app.ts registers these routes; a build without that line still tests them.
  if (!app.hasRoute({ method: 'GET', url: '/session/status' })) await app.register(sessionTimeoutRoutes);
  await app.ready();
  const org = await insertOrganisation(testDb.db, 'Anytown Safeguarding Children Partnership');
  orgId = org.id;
  member = await insertPerson(testDb.db, org.id, 'member');
});
afterAll(async () => {
  await app.close();
  await testDb.drop();
});

const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * MINUTE);
};

/** A browser signed in now (by the fake clock), with the CSRF token its pages carry. */
async function signedIn(opts: { secondFactorPending?: boolean } = {}) {
  const id = randomBytes(32).toString('base64url');
  await testDb.db
    .insertInto('session')
    .values({
      id_hash: createHash('sha256').update(id).digest('hex'),
      user_id: member.id,
      organisation_id: orgId,
      second_factor_pending: opts.secondFactorPending ? 1 : 0,
      created_at: clock.toISOString(),
      last_seen_at: clock.toISOString(),
      expires_at: new Date(clock.getTime() + 12 * 60 * MINUTE).toISOString(),
    })
    .execute();
  const client = new Client(app);
  client.cookies.set('qm_session', id);
  const csrf = opts.secondFactorPending ? await client.csrfToken('/sign-in') : await client.csrfToken('/account');
  return { client, csrf };
}

const cookieOf = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const status = (client: Client) =>
  app.inject({ method: 'GET', url: '/session/status', headers: { cookie: cookieOf(client) } });
const extend = (client: Client, csrf?: string) =>
  app.inject({
    method: 'POST',
    url: '/session/extend',
    headers: { cookie: cookieOf(client), accept: 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
  });

describe('GET /session/status', () => {
  it('says how long the session has left, and is never cached', async () => {
    const { client } = await signedIn();
    later(5);
    const res = await status(client);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({
      signedIn: true,
      idleExpiresInSeconds: 25 * 60,
      absoluteExpiresInSeconds: 12 * 60 * 60 - 5 * 60,
    });
  });

  it('answers someone signed out (or only half-way through signing in) with signedIn false', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/session/status' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers['cache-control']).toBe('no-store');
    expect(anonymous.json()).toEqual({ signedIn: false, idleExpiresInSeconds: 0, absoluteExpiresInSeconds: 0 });
    const { client } = await signedIn({ secondFactorPending: true });
    expect((await status(client)).json()).toMatchObject({ signedIn: false });
  });

  it('does not count as activity: asked at 20 minutes, the session still ends at 30', async () => {
    const { client } = await signedIn();
    later(20);
    expect((await status(client)).json()).toMatchObject({ signedIn: true, idleExpiresInSeconds: 10 * 60 });
    later(9);
    expect((await status(client)).json()).toMatchObject({ signedIn: true, idleExpiresInSeconds: 60 });
    later(2);
    expect((await status(client)).json()).toEqual({
      signedIn: false,
      idleExpiresInSeconds: 0,
      absoluteExpiresInSeconds: 0,
    });
    const page = await client.get('/account');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Faccount&timed-out=1');
  });

  it('tells the page when the 12-hour limit comes before the idle one', async () => {
    const { client, csrf } = await signedIn();
    for (let i = 0; i < 24; i++) {
      later(29);
      expect((await extend(client, csrf)).statusCode).toBe(200);
    }
    later(15); // 11 h 51 min after signing in, 15 minutes after the last request
    expect((await status(client)).json()).toEqual({
      signedIn: true,
      idleExpiresInSeconds: 15 * 60,
      absoluteExpiresInSeconds: 9 * 60,
    });
  });
});

describe('POST /session/extend', () => {
  it('restarts the idle clock and answers with the new status', async () => {
    const { client, csrf } = await signedIn();
    later(20);
    const res = await extend(client, csrf);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({
      signedIn: true,
      idleExpiresInSeconds: 30 * 60,
      absoluteExpiresInSeconds: 12 * 60 * 60 - 20 * 60,
    });
    later(29); // 49 minutes after signing in: alive only because of the extension
    expect((await status(client)).json()).toMatchObject({ signedIn: true, idleExpiresInSeconds: 60 });
    expect((await client.get('/account')).statusCode).toBe(200);
  });

  it('refuses a request without the CSRF header, or with a wrong one, with 403', async () => {
    const { client } = await signedIn();
    later(20);
    const res = await extend(client);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { status: 403 } });
    expect((await extend(client, 'not-the-token')).statusCode).toBe(403);
  });

  it('answers 401 once the session has ended', async () => {
    const { client, csrf } = await signedIn();
    later(31);
    const res = await extend(client, csrf);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ signedIn: false });
  });
});

describe('the warning on the page', () => {
  it('is on signed-in pages only: a labelled, hidden alert dialog with both choices', async () => {
    const { client } = await signedIn();
    const page = readPage((await client.get('/account')).body);
    expect(page.root.querySelector('body')?.getAttribute('data-signed-in')).toBe('true');
    const dialog = page.root.querySelector('dialog[data-module="app-session-timeout"]');
    expect(dialog).toBeTruthy();
    expect(dialog?.getAttribute('open')).toBeUndefined();
    expect(dialog?.getAttribute('role')).toBe('alertdialog');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
    expect(page.text(`#${dialog?.getAttribute('aria-labelledby')}`)).toBe('You are about to be signed out');
    expect(page.text(`#${dialog?.getAttribute('aria-describedby')}`)).toContain('You will be signed out in 2 minutes');
    expect(page.text('[aria-live="polite"][data-timeout-announce]')).toBe('You will be signed out in 2 minutes.');
    expect(page.all('dialog button')).toEqual(['Stay signed in', 'Sign out']);
    const form = page.root.querySelector('dialog form');
    expect(form?.getAttribute('action')).toBe('/sign-out');
    expect(form?.querySelector('input[name="_csrf"]')?.getAttribute('value')).toBeTruthy();

    const signedOut = readPage((await new Client(app).get('/sign-in')).body);
    expect(signedOut.root.querySelector('body')?.getAttribute('data-signed-in')).toBeUndefined();
    expect(signedOut.root.querySelector('dialog')).toBeNull();
  });

  it('ships its script as a static asset', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/session-timeout.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('export function enhanceSessionTimeout');
    expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).body).toContain('/assets/session-timeout.js');
  });
});
