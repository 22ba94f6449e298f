import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import { readPage } from '../../../test/helpers/html.js';
import { createToken } from './tokens.service.js';
import {
  OLD_PASSWORD,
  NEW_PASSWORD,
  PAGE,
  TITLE,
  passwordChangeTests,
  type PasswordChangeWorld,
} from './password-change.fixture.js';

// What changes no password: a wrong current password, single sign-on accounts, and requests without a CSRF
// token or with an API token.
const fx = passwordChangeTests();
const { person, clientOf, storedHash, auditOf, signIn, change, expectEmptyPasswordFields } = fx;
let t: TestApp;
let org: PasswordChangeWorld['org'];
let oldHash: string;
beforeAll(() => {
  ({ t, org, oldHash } = fx.world);
});

describe('a wrong current password', () => {
  it('is a field error, counts against the sign-in throttle and changes nothing', async () => {
    const member = await person();
    const client = await clientOf(member);
    const wrong = 'not my password at all';
    const res = await change(client, { current: wrong, next: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe(`Error: ${TITLE}`);
    expect(page.errorLinks).toEqual([{ text: 'The current password is wrong', href: '#currentPassword' }]);
    expectEmptyPasswordFields(page);
    expect(res.body).not.toContain(wrong);
    expect(res.body).not.toContain(NEW_PASSWORD);
    expect(await storedHash(member)).toBe(oldHash);
    expect(await auditOf(member, 'password.change_failed')).toHaveLength(1);

    // Nine more make ten failures in five minutes: then even the right password is refused, here and
    // on the sign-in page, until the window has passed.
    for (let i = 0; i < 9; i++) {
      expect((await change(client, { current: wrong, next: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(
        400,
      );
    }
    const throttled = await change(client, { current: OLD_PASSWORD, next: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(throttled.statusCode).toBe(429);
    expect(readPage(throttled.body).errorLinks).toEqual([
      {
        text: 'Too many wrong passwords have been entered for your account. Wait 5 minutes, then try again',
        href: '#currentPassword',
      },
    ]);
    expect(await storedHash(member)).toBe(oldHash);
    expect((await signIn(member.email, OLD_PASSWORD)).statusCode).toBe(429);
    expect((await client.get('/account')).statusCode).toBe(200);
  });

  it('counts failed sign-ins too', async () => {
    const member = await person();
    for (let i = 0; i < 10; i++) expect((await signIn(member.email, 'a wrong password here')).statusCode).toBe(401);
    const res = await change(await clientOf(member), {
      current: OLD_PASSWORD,
      next: NEW_PASSWORD,
      confirm: NEW_PASSWORD,
    });
    expect(res.statusCode).toBe(429);
    expect(await storedHash(member)).toBe(oldHash);
  });
});

describe('someone who signs in only through single sign-on', () => {
  it('is told they have no password here, with no form, and cannot set one', async () => {
    const sso = await person({ sso: true });
    const client = await clientOf(sso);
    const account = readPage((await client.get('/account')).body);
    expect(account.root.querySelector(`a[href="${PAGE}"]`)).toBeNull();
    expect(account.text('.govuk-summary-list')).toContain('None: you sign in through your organisation');

    const res = await client.get(PAGE);
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.text('main')).toContain('you do not have a password for Quality Markers');
    expect(page.root.querySelector('main form')).toBeNull();
    expect(page.root.querySelector('input[type="password"]')).toBeNull();

    const post = await change(client, { current: '', next: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(post.statusCode).toBe(403);
    expect(readPage(post.body).root.querySelector('main form')).toBeNull();
    expect(await storedHash(sso)).toBeNull();
    expect(await auditOf(sso, 'password.changed')).toEqual([]);
  });
});

describe('protection', () => {
  it('refuses a form sent without a CSRF token', async () => {
    const member = await person();
    const client = await clientOf(member);
    const res = await client.post(
      PAGE,
      { currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
    expect(await storedHash(member)).toBe(oldHash);
  });

  it('refuses an API token, even one that may write', async () => {
    const member = await person();
    const actor = { userId: member.id, organisationId: org.id, ip: null, userAgent: null };
    const { token } = await createToken(
      t.testDb.db,
      { organisationId: org.id, userId: member.id, name: 'Scripts', scopes: ['read', 'write'], expiresAt: null },
      actor,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: PAGE,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        currentPassword: OLD_PASSWORD,
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }).toString(),
    });
    expect(res.statusCode).toBe(401);
    expect(await storedHash(member)).toBe(oldHash);
  });
});
