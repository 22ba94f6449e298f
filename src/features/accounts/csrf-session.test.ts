import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, createSession, insertOrganisation, insertPerson, type Person } from '../../../test/helpers/client.js';
import { hashPassword } from './passwords.js';

// CSRF tokens belong to one session: made for it, refused anywhere else, renewed at sign-in and sign-out.

const PASSWORD = 'correct horse battery staple';
let t: TestApp;
let org: { id: string; slug: string; name: string };
let member: Person;

beforeAll(async () => {
  t = await buildTestApp();
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
  member = await insertPerson(t.testDb.db, org.id, 'member', { passwordHash: await hashPassword(PASSWORD) });
});
afterAll(async () => t.close());

const cookieHeader = (cookies: Map<string, string>) => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** POST /session/extend (a CSRF-checked request with no side effects) with exactly these cookies and token. */
const extend = (cookies: Map<string, string>, token: string) =>
  t.app.inject({
    method: 'POST',
    url: '/session/extend',
    headers: { cookie: cookieHeader(cookies), 'x-csrf-token': token },
  });

async function signedIn(): Promise<Client> {
  const client = new Client(t.app);
  client.cookies.set('qm_session', await createSession(t.testDb.db, member, org.id));
  return client;
}

describe('CSRF tokens', () => {
  it('work in the session they were made for', async () => {
    const client = await signedIn();
    const token = await client.csrfToken('/account');
    expect((await extend(client.cookies, token)).statusCode).toBe(200);
  });

  it("from one session are refused in another, even beside the first session's CSRF cookie", async () => {
    const a = await signedIn();
    const tokenA = await a.csrfToken('/account');
    const b = await signedIn();
    // Session B's cookie with everything else from A: the secret matches, the session does not.
    const mixed = new Map(a.cookies);
    mixed.set('qm_session', b.cookies.get('qm_session')!);
    expect((await extend(mixed, tokenA)).statusCode).toBe(403);
    // And with all of B's cookies.
    await b.csrfToken('/account');
    expect((await extend(b.cookies, tokenA)).statusCode).toBe(403);
  });

  it('from before signing in are refused after it, and sign-in renews the secret', async () => {
    const client = new Client(t.app);
    const before = await client.csrfToken('/sign-in');
    const secretBefore = client.cookies.get('qm_csrf');
    const res = await client.post('/sign-in', { email: member.email, password: PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(client.cookies.get('qm_csrf')).not.toBe(secretBefore);
    expect((await extend(client.cookies, before)).statusCode).toBe(403);
    // A token the signed-in pages give works.
    expect((await extend(client.cookies, await client.csrfToken('/account'))).statusCode).toBe(200);
  });

  it('from a signed-in session are refused after signing out, and sign-out renews the secret', async () => {
    const client = await signedIn();
    const during = await client.csrfToken('/account');
    const secretDuring = client.cookies.get('qm_csrf');
    const out = await client.post('/sign-out');
    expect(out.headers.location).toBe('/sign-in?signed-out=1');
    expect(out.cookies.find((c) => c.name === 'qm_csrf')?.value).toBeTruthy();
    expect(client.cookies.get('qm_csrf')).not.toBe(secretDuring);
    expect(client.cookies.has('qm_session')).toBe(false);
    const replay = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie: cookieHeader(client.cookies), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: during, email: member.email, password: PASSWORD }).toString(),
    });
    expect(replay.statusCode).toBe(403);
  });

  it('made without a session are refused once a session cookie is sent', async () => {
    const anonymous = new Client(t.app);
    const token = await anonymous.csrfToken('/sign-in');
    const withSession = new Map(anonymous.cookies);
    withSession.set('qm_session', await createSession(t.testDb.db, member, org.id));
    expect((await extend(withSession, token)).statusCode).toBe(403);
  });

  it('from a session that has since timed out still reach the route, which sends the person to sign in', async () => {
    const client = await signedIn();
    const token = await client.csrfToken('/account');
    await t.testDb.db
      .updateTable('session')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60 * 1000).toISOString() })
      .where('id_hash', '=', createHash('sha256').update(client.cookies.get('qm_session')!).digest('hex'))
      .execute();
    const res = await t.app.inject({
      method: 'POST',
      url: '/partnerships',
      headers: { cookie: cookieHeader(client.cookies), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, partnership: org.slug }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?timed-out=1');
  });
});
