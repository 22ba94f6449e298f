import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { KNOWN_SECRET, AFTER_SIGN_IN, WRONG_CODE_MESSAGE, twoFactorTests } from './two-factor.fixture.js';

// Signing in with two-factor.
const tf = twoFactorTests();
const { later, codeFor, wrongCodeFor, person, signInWithPassword, signInFully, setUp, auditActions } = tf;
let t: TestApp;
beforeAll(() => {
  ({ t } = tf.world);
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
