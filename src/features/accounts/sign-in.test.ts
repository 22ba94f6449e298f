import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, type Person } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { newId } from '../../lib/ids.js';
import { hashPassword } from './passwords.js';

// Each attempt runs scrypt at OWASP's cost (128 MiB, ~0.3 s; more on a busy machine).
vi.setConfig({ testTimeout: 90_000 });

const PASSWORD = 'correct horse battery staple';
let clock = new Date('2026-11-25T10:00:00Z');
let t: TestApp;
let member: Person;
let org: { id: string; slug: string; name: string };

beforeAll(async () => {
  t = await buildTestApp({ clock: () => clock });
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
  member = await insertPerson(t.testDb.db, org.id, 'member', { passwordHash: await hashPassword(PASSWORD) });
});
afterAll(async () => t.close());
beforeEach(() => {
  clock = new Date(clock.getTime() + 60 * 60 * 1000); // each test starts an hour later: no leftover throttling
});

const signIn = (client: Client, email: string, password: string) => client.post('/sign-in', { email, password });

/** Signing in from a given network address (the page first, for its CSRF token and cookie). */
async function signInFrom(remoteAddress: string, email: string, password: string) {
  const page = await t.app.inject({ method: 'GET', url: '/sign-in', remoteAddress });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress,
    headers: {
      cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
}

describe('sign-in', () => {
  it('signs a member in, rotates the session id and lands on their account', async () => {
    const client = new Client(t.app);
    await client.get('/sign-in');
    const res = await signIn(client, member.email, PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/work');
    const cookie = res.cookies.find((c) => c.name === 'qm_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const first = cookie?.value;

    const account = await client.get('/account');
    expect(account.statusCode).toBe(200);
    expect(account.headers['cache-control']).toBe('no-store');
    expect(readPage(account.body).text('.govuk-summary-list')).toContain(member.email);

    await signIn(client, member.email, PASSWORD);
    expect(client.cookies.get('qm_session')).not.toBe(first);
  });

  it('shows GOV.UK errors and keeps the email when fields are missing', async () => {
    const res = await new Client(t.app).post('/sign-in', { email: 'someone@example.org', password: '' });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Sign in – Quality Markers');
    expect(page.errorLinks).toEqual([{ text: 'Enter your password', href: '#password' }]);
    expect(page.root.querySelector('#email')?.getAttribute('value')).toBe('someone@example.org');
  });

  it('gives the same answer for a wrong password and an unknown email', async () => {
    const wrong = await signIn(new Client(t.app), member.email, 'not the password at all');
    const unknown = await signIn(new Client(t.app), 'nobody@example.org', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(readPage(wrong.body).errorLinks).toEqual(readPage(unknown.body).errorLinks);
    expect(readPage(wrong.body).errorLinks[0]?.text).toBe('Enter a correct email address and password');
  });

  it('refuses an account after 10 failures in 5 minutes, until the window passes', async () => {
    const client = new Client(t.app);
    for (let i = 0; i < 10; i++)
      expect((await signIn(client, member.email, `wrong password ${i}`)).statusCode).toBe(401);
    const refused = await signIn(client, member.email, PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(readPage(refused.body).errorLinks[0]?.text).toMatch(/^Too many failed attempts/);
    clock = new Date(clock.getTime() + 5 * 60 * 1000 + 1000);
    expect((await signIn(client, member.email, PASSWORD)).statusCode).toBe(303);
  });

  it('throttles unknown emails the same way', async () => {
    const client = new Client(t.app);
    for (let i = 0; i < 10; i++) await signIn(client, 'ghost@example.org', `wrong password ${i}`);
    expect((await signIn(client, 'ghost@example.org', 'whatever password')).statusCode).toBe(429);
  });

  it('refuses an address after 100 failures in 15 minutes across any accounts, but not other addresses', async () => {
    const office = '203.0.113.7';
    // 90 failures already recorded from the address, each for a different account…
    await t.testDb.db
      .insertInto('sign_in_attempt')
      .values(
        Array.from({ length: 90 }, (_, i) => ({
          id: newId(),
          email_key: `person-${i}@example.org`,
          succeeded: 0,
          at: new Date(clock.getTime() - 60_000).toISOString(),
          address: office,
        })),
      )
      .execute();
    // …then ten more accounts tried once each: no account is throttled on its own.
    for (let i = 0; i < 10; i++) {
      expect((await signInFrom(office, `someone-${i}@example.org`, 'a guessed password')).statusCode).toBe(401);
    }
    const refused = await signInFrom(office, member.email, PASSWORD);
    expect(refused.statusCode).toBe(429);
    const page = readPage(refused.body);
    expect(page.title).toBe('Error: Sign in – Quality Markers');
    expect(page.errorLinks).toEqual([
      {
        text: 'Too many failed attempts to sign in from your network. Wait 15 minutes, then try again',
        href: '#email',
      },
    ]);
    expect(refused.cookies.find((c) => c.name === 'qm_session')).toBeUndefined();
    // Another address is not affected, nor another IPv6 /64.
    expect((await signInFrom('198.51.100.9', member.email, PASSWORD)).statusCode).toBe(303);
    // Once the window has passed, the address may sign in again.
    clock = new Date(clock.getTime() + 15 * 60 * 1000 + 1000);
    expect((await signInFrom(office, member.email, PASSWORD)).statusCode).toBe(303);
  });

  it('counts an IPv6 address by its /64', async () => {
    await t.testDb.db
      .insertInto('sign_in_attempt')
      .values(
        Array.from({ length: 100 }, (_, i) => ({
          id: newId(),
          email_key: `person-${i}@example.org`,
          succeeded: 0,
          at: new Date(clock.getTime() - 60_000).toISOString(),
          address: '2001:db8:1:2::/64',
        })),
      )
      .execute();
    expect((await signInFrom('2001:db8:1:2:aaaa::5', member.email, PASSWORD)).statusCode).toBe(429);
    expect((await signInFrom('2001:db8:1:3::5', member.email, PASSWORD)).statusCode).toBe(303);
  });

  it('refuses a POST without a CSRF token with 403', async () => {
    const res = await new Client(t.app).post('/sign-in', { email: member.email, password: PASSWORD }, { csrf: false });
    expect(res.statusCode).toBe(403);
  });

  it.each(['//evil.example/', '/\t/evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)'])(
    'ignores the "next" address %j, which leads off the site',
    async (next) => {
      const client = new Client(t.app);
      // The page does not offer it back in the form…
      const page = await client.get(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(readPage(page.body).root.querySelector('input[name="next"]')).toBeNull();
      // …and signing in with it goes to the person's home.
      const res = await client.post('/sign-in', { email: member.email, password: PASSWORD, next });
      expect(res.headers.location).toBe('/work');
      // Signed in already, the sign-in page does not follow it either.
      expect((await client.get(`/sign-in?next=${encodeURIComponent(next)}`)).headers.location).toBe('/work');
    },
  );

  it('goes back to a "next" path on this site, query included', async () => {
    const client = new Client(t.app);
    const res = await client.post('/sign-in', { email: member.email, password: PASSWORD, next: '/ok/path?x=1' });
    expect(res.headers.location).toBe('/ok/path?x=1');
  });
});

describe('sessions', () => {
  async function signedIn() {
    const client = new Client(t.app);
    await signIn(client, member.email, PASSWORD);
    return client;
  }

  it('end after 30 minutes idle, and the sign-in page says why', async () => {
    const client = await signedIn();
    clock = new Date(clock.getTime() + 29 * 60 * 1000);
    expect((await client.get('/account')).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 30 * 60 * 1000);
    const res = await client.get('/account');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Faccount&timed-out=1');
    const page = await client.get(res.headers.location!);
    expect(readPage(page.body).text('.govuk-notification-banner')).toContain(
      'signed out because you had not done anything',
    );
  });

  it('end 12 hours after sign-in however active the person is', async () => {
    const client = await signedIn();
    for (let i = 0; i < 25; i++) {
      clock = new Date(clock.getTime() + 29 * 60 * 1000);
      const res = await client.get('/account');
      if (i < 24) expect(res.statusCode).toBe(200);
      else expect(res.statusCode).toBe(303);
    }
  });

  it('sign-out deletes the session on the server', async () => {
    const client = await signedIn();
    const stolen = client.cookies.get('qm_session')!;
    const out = await client.post('/sign-out');
    expect(out.headers.location).toBe('/sign-in?signed-out=1');
    expect(out.headers['clear-site-data']).toBe('"cookies", "storage"');
    const replay = new Client(t.app);
    replay.cookies.set('qm_session', stolen);
    expect((await replay.get('/account')).statusCode).toBe(303);
  });
});

describe('choosing a partnership', () => {
  it('asks a person in two partnerships which one, and shows only that one', async () => {
    const other = await insertOrganisation(t.testDb.db, 'Otherton Safeguarding Adults Board');
    const hash = await hashPassword(PASSWORD);
    const email = `reviewer-${Date.now()}@example.org`;
    await insertPerson(t.testDb.db, org.id, 'member', { passwordHash: hash, email });
    await insertPerson(t.testDb.db, other.id, 'viewer', { email });
    const client = new Client(t.app);
    const res = await signIn(client, email, PASSWORD);
    expect(res.headers.location).toBe('/partnerships');
    const none = await client.post('/partnerships', {});
    expect(none.statusCode).toBe(400);
    expect(readPage(none.body).errorLinks[0]?.text).toBe('Select the partnership you want to work in');
    const chosen = await client.post('/partnerships', { partnership: other.slug });
    expect(chosen.headers.location).toBe('/work');
    const account = readPage((await client.get('/account')).body);
    expect(account.text('.govuk-tag')).toBe('Working in');
    expect(account.text('.app-signed-in')).toContain('Otherton Safeguarding Adults Board');
  });
});
