import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, signedInClient, type Person } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import type { Role } from '../../db/schema.js';
import { hashPassword } from './passwords.js';

const PASSWORD = 'correct horse battery staple';
/** The secret insertPerson gives people created with `twoFactor: true`. */
const KNOWN_SECRET = 'JBSWY3DPEHPK3PXP';
/** Where signing in lands when there is no `next`. */
const AFTER_SIGN_IN = '/reviews';
const WRONG_CODE_MESSAGE = 'The code is not correct: check your app and try again';

// Near real time, so sessions made by signedInClient (stamped with the real time) are not idle.
let clock = new Date(Math.floor(Date.now() / 30_000) * 30_000 + 5_000);
let t: TestApp;
let passwordHash: string;
let org: { id: string; slug: string; name: string };

beforeAll(async () => {
  t = await buildTestApp({ clock: () => clock });
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => t.close());
beforeEach(() => {
  clock = new Date(clock.getTime() + 60_000); // a fresh 30-second step for every test
});

const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const codeFor = (secret: string, at = clock) =>
  TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: at.getTime(),
  });
/** A 6-digit code that matches no step in the ±1 window around now. */
function wrongCodeFor(secret: string) {
  const valid = new Set([-30_000, 0, 30_000].map((d) => codeFor(secret, new Date(clock.getTime() + d))));
  for (let n = 123456; ; n = (n + 1) % 1_000_000) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

const person = (role: Role, twoFactor = false) => insertPerson(t.testDb.db, org.id, role, { passwordHash, twoFactor });

function signInWithPassword(client: Client, email: string, next?: string) {
  return client.post('/sign-in', { email, password: PASSWORD, ...(next ? { next } : {}) });
}

/** Signs in with password and a code from the app; returns the client, signed in. */
async function signInFully(who: Person, secret = KNOWN_SECRET) {
  const client = new Client(t.app);
  const res = await signInWithPassword(client, who.email);
  expect(res.headers.location).toBe('/sign-in/two-factor');
  const done = await client.post('/sign-in/two-factor', { code: codeFor(secret) }, { csrfFrom: '/sign-in/two-factor' });
  expect(done.statusCode).toBe(303);
  return client;
}

/** Sets up two-factor through the pages; returns the secret and the recovery codes shown once. */
async function setUp(client: Client) {
  const page = readPage((await client.get('/account/two-factor')).body);
  const secret = page.text('#secret').replace(/\s/g, '');
  const res = await client.post('/account/two-factor', { code: codeFor(secret) }, { csrfFrom: '/account' });
  expect(res.statusCode).toBe(200);
  const codes = readPage(res.body).all('.app-recovery-codes code');
  return { secret, codes, res };
}

async function auditActions(userId: string) {
  const rows = await t.testDb.db
    .selectFrom('audit_event')
    .select('action')
    .where('user_id', '=', userId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

describe('setting up two-factor', () => {
  it('shows a QR code and the key, then turns on with a correct code and shows 10 recovery codes once', async () => {
    const member = await person('member');
    const client = new Client(t.app);
    expect((await signInWithPassword(client, member.email)).headers.location).toBe(AFTER_SIGN_IN);

    const res = await client.get('/account/two-factor');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Set up two-factor authentication');
    const svg = page.root.querySelector('svg.app-qr-code');
    expect(svg?.getAttribute('role')).toBe('img');
    expect(svg?.getAttribute('aria-labelledby')).toBe('qr-title');
    expect(page.text('#qr-title')).toContain('QR code');
    expect(page.text('.app-two-factor-details')).toContain('Quality Markers');
    expect(page.text('.app-two-factor-details')).toContain(member.email);
    expect(page.text('#secret')).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const input = page.root.querySelector('#code');
    expect(input?.getAttribute('inputmode')).toBe('numeric');
    expect(input?.getAttribute('autocomplete')).toBe('one-time-code');
    expect(page.root.querySelector('form[action="/account/two-factor"] input[name="_csrf"]')).toBeTruthy();

    // Each visit while off makes a new key.
    const again = readPage((await client.get('/account/two-factor')).body).text('#secret');
    expect(again).not.toBe(page.text('#secret'));

    const { codes, res: done } = await setUp(client);
    const shown = readPage(done.body);
    expect(shown.h1).toBe('Two-factor authentication is on');
    expect(shown.text('.govuk-warning-text')).toContain('You will not be able to see them again');
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/);

    const stored = await t.testDb.db
      .selectFrom('recovery_code')
      .select('code_hash')
      .where('user_id', '=', member.id)
      .execute();
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.code_hash).join()).not.toContain(codes[0]!);

    const on = readPage((await client.get('/account/two-factor')).body);
    expect(on.h1).toBe('Two-factor authentication');
    expect(on.text('.govuk-summary-list')).toContain('10 of 10');
    expect(readPage((await client.get('/account')).body).text('.govuk-summary-list')).toContain('On');
    expect(await auditActions(member.id)).toContain('two_factor.enabled');
  });

  it('refuses a wrong or missing code with GOV.UK errors, keeping the input and the same key', async () => {
    const member = await person('member');
    const client = new Client(t.app);
    await signInWithPassword(client, member.email);
    const key = readPage((await client.get('/account/two-factor')).body).text('#secret');
    const secret = key.replace(/\s/g, '');

    const empty = await client.post('/account/two-factor', { code: '' }, { csrfFrom: '/account' });
    expect(empty.statusCode).toBe(400);
    expect(readPage(empty.body).errorLinks).toEqual([
      { text: 'Enter the 6-digit code from your authenticator app', href: '#code' },
    ]);

    const wrong = wrongCodeFor(secret);
    const res = await client.post('/account/two-factor', { code: wrong }, { csrfFrom: '/account' });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Set up two-factor authentication – Quality Markers');
    expect(page.errorLinks).toEqual([{ text: WRONG_CODE_MESSAGE, href: '#code' }]);
    expect(page.text('.govuk-error-message')).toContain(WRONG_CODE_MESSAGE);
    expect(page.root.querySelector('#code')?.getAttribute('value')).toBe(wrong);
    expect(page.text('#secret')).toBe(key);

    const user = await t.testDb.db
      .selectFrom('user_account')
      .select('totp_enabled_at')
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow();
    expect(user.totp_enabled_at).toBeNull();

    // The key shown with the error still works, with spaces in the code.
    const spaced = codeFor(secret).replace(/(\d{3})(\d{3})/, '$1 $2');
    expect((await client.post('/account/two-factor', { code: spaced }, { csrfFrom: '/account' })).statusCode).toBe(200);
  });

  it('makes an admin set it up before anything else, then lets them carry on', async () => {
    const admin = await person('admin');
    const client = new Client(t.app);
    expect((await signInWithPassword(client, admin.email)).headers.location).toBe('/account/two-factor');
    const blocked = await client.get('/partnerships');
    expect(blocked.statusCode).toBe(303);
    expect(blocked.headers.location).toBe('/account/two-factor');
    expect(readPage((await client.get('/account/two-factor')).body).text('.govuk-inset-text')).toContain(
      'You need to set up two-factor authentication',
    );

    const { res } = await setUp(client);
    expect(readPage(res.body).root.querySelector('a.govuk-button')?.getAttribute('href')).toBe(AFTER_SIGN_IN);
    expect((await client.get('/partnerships')).statusCode).toBe(200);
  });

  it('refuses a form without a CSRF token with 403', async () => {
    const member = await person('member');
    const client = await signedInClient(t.app, t.testDb.db, member, org.id);
    expect((await client.get('/account/two-factor')).statusCode).toBe(200);
    const res = await client.post('/account/two-factor', { code: '123456' }, { csrf: false });
    expect(res.statusCode).toBe(403);
  });
});

describe('signing in with two-factor', () => {
  it('asks for a code after the password, then goes where the person was going', async () => {
    const member = await person('member', true);
    const client = new Client(t.app);
    const res = await signInWithPassword(client, member.email, '/account/two-factor');
    expect(res.headers.location).toBe('/sign-in/two-factor?next=%2Faccount%2Ftwo-factor');
    // Half signed in is not signed in.
    expect((await client.get('/account')).headers.location).toMatch(/^\/sign-in/);

    const page = readPage((await client.get(res.headers.location!)).body);
    expect(page.h1).toBe('Enter the 6-digit code from your authenticator app');
    expect(page.root.querySelector('#code')?.getAttribute('inputmode')).toBe('numeric');
    expect(page.root.querySelector('input[name="next"]')?.getAttribute('value')).toBe('/account/two-factor');

    const empty = await client.post('/sign-in/two-factor', { code: ' ' }, { csrfFrom: '/sign-in/two-factor' });
    expect(empty.statusCode).toBe(400);
    expect(readPage(empty.body).errorLinks[0]?.text).toBe('Enter the 6-digit code from your authenticator app');

    const wrong = await client.post(
      '/sign-in/two-factor',
      { code: wrongCodeFor(KNOWN_SECRET) },
      { csrfFrom: '/sign-in/two-factor' },
    );
    expect(wrong.statusCode).toBe(401);
    expect(readPage(wrong.body).title).toBe(
      'Error: Enter the 6-digit code from your authenticator app – Quality Markers',
    );
    expect(readPage(wrong.body).errorLinks).toEqual([{ text: WRONG_CODE_MESSAGE, href: '#code' }]);

    const code = codeFor(KNOWN_SECRET).replace(/(\d{3})(\d{3})/, '$1 $2');
    const done = await client.post(
      '/sign-in/two-factor',
      { code, next: '/account/two-factor' },
      { csrfFrom: '/sign-in/two-factor' },
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/account/two-factor');
    expect((await client.get('/account')).statusCode).toBe(200);
    // Finished: the step is not shown again.
    expect((await client.get('/sign-in/two-factor')).headers.location).toBe('/sign-in');
    const actions = await auditActions(member.id);
    expect(actions).toContain('sign_in.second_factor_failed');
    expect(actions.at(-1)).toBe('sign_in.succeeded');
  });

  it('ignores a "next" address that leads off the site, at either step', async () => {
    const member = await person('member', true);
    const client = new Client(t.app);
    const res = await signInWithPassword(client, member.email, '/\t/evil.example');
    expect(res.headers.location).toBe('/sign-in/two-factor');
    const page = readPage((await client.get('/sign-in/two-factor?next=%2F%09%2Fevil.example')).body);
    expect(page.root.querySelector('input[name="next"]')).toBeNull();
    const done = await client.post(
      '/sign-in/two-factor',
      { code: codeFor(KNOWN_SECRET), next: '/\t/evil.example' },
      { csrfFrom: '/sign-in/two-factor' },
    );
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(AFTER_SIGN_IN);
  });

  it('sends people without a half-finished sign-in back to the sign-in page', async () => {
    const client = new Client(t.app);
    expect((await client.get('/sign-in/two-factor')).headers.location).toBe('/sign-in');
    const res = await client.post('/sign-in/two-factor', { code: '123456' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
  });

  it('accepts a code only once', async () => {
    const member = await person('member', true);
    await signInFully(member);
    const client = new Client(t.app);
    await signInWithPassword(client, member.email);
    const replay = await client.post(
      '/sign-in/two-factor',
      { code: codeFor(KNOWN_SECRET) },
      { csrfFrom: '/sign-in/two-factor' },
    );
    expect(replay.statusCode).toBe(401);
    expect(readPage(replay.body).errorLinks[0]?.text).toBe(WRONG_CODE_MESSAGE);
    later(30_000);
    const fresh = await client.post(
      '/sign-in/two-factor',
      { code: codeFor(KNOWN_SECRET) },
      { csrfFrom: '/sign-in/two-factor' },
    );
    expect(fresh.statusCode).toBe(303);
  });

  it('accepts a recovery code once instead of a code from the app', async () => {
    const member = await person('member');
    const setupClient = new Client(t.app);
    await signInWithPassword(setupClient, member.email);
    const { codes } = await setUp(setupClient);
    const recovery = codes[3]!;

    const client = new Client(t.app);
    await signInWithPassword(client, member.email);
    const page = readPage((await client.get('/sign-in/two-factor?method=recovery-code')).body);
    expect(page.h1).toBe('Enter one of your recovery codes');
    expect(page.root.querySelector('#code')?.getAttribute('inputmode')).toBeUndefined();
    const used = await client.post(
      '/sign-in/two-factor',
      { code: recovery.toUpperCase(), method: 'recovery-code' },
      { csrfFrom: '/sign-in/two-factor' },
    );
    expect(used.statusCode).toBe(303);
    expect(used.headers.location).toBe(AFTER_SIGN_IN);
    expect(readPage((await client.get('/account/two-factor')).body).text('.govuk-summary-list')).toContain('9 of 10');

    const again = new Client(t.app);
    await signInWithPassword(again, member.email);
    const reused = await again.post(
      '/sign-in/two-factor',
      { code: recovery, method: 'recovery-code' },
      { csrfFrom: '/sign-in/two-factor' },
    );
    expect(reused.statusCode).toBe(401);
    expect(readPage(reused.body).errorLinks[0]?.text).toBe('The recovery code is not correct or has been used already');
    // Posted to the numeric field, without `method`, it is checked just the same.
    expect(
      (
        await again.post(
          '/sign-in/two-factor',
          { code: codes[4]!.replace(/-/g, '') },
          { csrfFrom: '/sign-in/two-factor' },
        )
      ).statusCode,
    ).toBe(303);
    expect(await auditActions(member.id)).toContain('sign_in.recovery_code_used');
  });

  it('counts wrong codes toward the password throttle: 10 failures in 5 minutes, then 429', async () => {
    const member = await person('member', true);
    const client = new Client(t.app);
    await signInWithPassword(client, member.email);
    const token = await client.csrfToken('/sign-in/two-factor');
    const post = (code: string) => client.post('/sign-in/two-factor', { _csrf: token, code }, { csrf: false });
    for (let i = 0; i < 10; i++) expect((await post(wrongCodeFor(KNOWN_SECRET))).statusCode).toBe(401);
    const refused = await post(codeFor(KNOWN_SECRET));
    expect(refused.statusCode).toBe(429);
    expect(readPage(refused.body).errorLinks[0]?.text).toMatch(/^Too many failed attempts/);
    // The password step is throttled too.
    expect((await signInWithPassword(new Client(t.app), member.email)).statusCode).toBe(429);

    later(5 * 60_000 + 1_000);
    expect((await post(codeFor(KNOWN_SECRET))).statusCode).toBe(303);
  });

  it('refuses a POST without a CSRF token with 403', async () => {
    const member = await person('member', true);
    const client = new Client(t.app);
    await signInWithPassword(client, member.email);
    const res = await client.post('/sign-in/two-factor', { code: codeFor(KNOWN_SECRET) }, { csrf: false });
    expect(res.statusCode).toBe(403);
  });
});

describe('managing two-factor', () => {
  it('creates new recovery codes after a current code; the old ones stop working', async () => {
    const member = await person('member');
    const client = new Client(t.app);
    await signInWithPassword(client, member.email);
    const { secret, codes: old } = await setUp(client);
    later(30_000);
    const confirm = `/account/two-factor/recovery-codes`;
    const wrong = await client.post(confirm, { code: wrongCodeFor(secret) }, { csrfFrom: confirm });
    expect(wrong.statusCode).toBe(400);
    expect(readPage(wrong.body).errorLinks).toEqual([{ text: WRONG_CODE_MESSAGE, href: '#code' }]);

    const res = await client.post(confirm, { code: codeFor(secret) }, { csrfFrom: confirm });
    expect(res.statusCode).toBe(200);
    const fresh = readPage(res.body).all('.app-recovery-codes code');
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(old[0]);
    expect(await auditActions(member.id)).toContain('two_factor.recovery_codes_regenerated');

    const again = new Client(t.app);
    await signInWithPassword(again, member.email);
    const stale = await again.post('/sign-in/two-factor', { code: old[0]! }, { csrfFrom: '/sign-in/two-factor' });
    expect(stale.statusCode).toBe(401);
  });

  it('lets a member turn it off with a current code', async () => {
    const member = await person('member', true);
    const client = await signInFully(member);
    const confirm = '/account/two-factor/turn-off';
    const page = readPage((await client.get(confirm)).body);
    expect(page.h1).toBe('Turn off two-factor authentication');

    // The code just used to sign in cannot be used again.
    const replay = await client.post(confirm, { code: codeFor(KNOWN_SECRET) }, { csrfFrom: confirm });
    expect(replay.statusCode).toBe(400);
    later(30_000);
    const res = await client.post(confirm, { code: codeFor(KNOWN_SECRET) }, { csrfFrom: confirm });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account/two-factor?turned-off=1');
    const after = readPage((await client.get(res.headers.location!)).body);
    expect(after.text('.govuk-notification-banner')).toContain('You have turned off two-factor authentication');
    expect(after.h1).toBe('Set up two-factor authentication');
    expect(await auditActions(member.id)).toContain('two_factor.disabled');

    const fresh = new Client(t.app);
    expect((await signInWithPassword(fresh, member.email)).headers.location).toBe(AFTER_SIGN_IN);
  });

  it('refuses to turn it off for an admin, with a clear message', async () => {
    const admin = await person('admin', true);
    const client = await signInFully(admin);
    const confirm = '/account/two-factor/turn-off';
    const on = readPage((await client.get('/account/two-factor')).body);
    expect(on.root.querySelector(`a[href="${confirm}"]`)).toBeNull();
    expect(on.text('main')).toContain(`you are an admin of ${org.name}`);

    const page = readPage((await client.get(confirm)).body);
    expect(page.text('main')).toContain('You cannot turn off two-factor authentication because');
    expect(page.root.querySelector('form input[name="code"]')).toBeNull();

    later(30_000);
    const res = await client.post(confirm, { code: codeFor(KNOWN_SECRET) }, { csrfFrom: '/account' });
    expect(res.statusCode).toBe(403);
    expect(readPage(res.body).text('main')).toContain(`you are an admin of ${org.name}`);
    const user = await t.testDb.db
      .selectFrom('user_account')
      .select('totp_enabled_at')
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(user.totp_enabled_at).not.toBeNull();
  });

  it('refuses to turn it off where the partnership requires it of everyone', async () => {
    const strict = await insertOrganisation(t.testDb.db, 'Strictshire Safeguarding Adults Board');
    await t.testDb.db.updateTable('organisation').set({ require_two_factor: 1 }).where('id', '=', strict.id).execute();
    const viewer = await insertPerson(t.testDb.db, strict.id, 'viewer', { passwordHash, twoFactor: true });
    const client = await signInFully(viewer);
    later(30_000);
    const res = await client.post(
      '/account/two-factor/turn-off',
      { code: codeFor(KNOWN_SECRET) },
      { csrfFrom: '/account' },
    );
    expect(res.statusCode).toBe(403);
    expect(readPage(res.body).text('main')).toContain(`${strict.name} requires it for everyone`);
  });
});
