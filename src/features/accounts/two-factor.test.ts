import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import { Client, signedInClient } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { AFTER_SIGN_IN, WRONG_CODE_MESSAGE, twoFactorTests, type TwoFactorWorld } from './two-factor.fixture.js';

// Setting up two-factor; signing in with it and managing it are in two-factor-sign-in and two-factor-manage.
const tf = twoFactorTests();
const { codeFor, wrongCodeFor, person, signInWithPassword, setUp, auditActions } = tf;
let t: TestApp;
let org: TwoFactorWorld['org'];
beforeAll(() => {
  ({ t, org } = tf.world);
});

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
