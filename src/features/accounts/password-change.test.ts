import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { verifyPassword } from './passwords.js';
import { OLD_PASSWORD, NEW_PASSWORD, PAGE, TITLE, passwordChangeTests } from './password-change.fixture.js';

// The change password page, and changing a password; what is refused is in
// password-change-refusals.test.ts.
const fx = passwordChangeTests();
const { person, clientOf, storedHash, sessionsOf, auditOf, signIn, change, expectEmptyPasswordFields } = fx;
let t: TestApp;
let oldHash: string;
beforeAll(() => {
  ({ t, oldHash } = fx.world);
});

describe('the change password page', () => {
  it('shows an empty form with the password rules, and a way back to the account', async () => {
    const client = await clientOf(await person());
    const res = await client.get(PAGE);
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.title).toBe(TITLE);
    expect(page.h1).toBe('Change your password');
    expectEmptyPasswordFields(page);
    const attr = (id: string, name: string) => page.root.querySelector(`#${id}`)?.getAttribute(name);
    expect(attr('currentPassword', 'autocomplete')).toBe('current-password');
    expect(attr('newPassword', 'autocomplete')).toBe('new-password');
    expect(attr('confirmPassword', 'autocomplete')).toBe('new-password');
    for (const id of ['currentPassword', 'newPassword', 'confirmPassword'])
      expect(attr(id, 'spellcheck')).toBe('false');
    expect(page.text('#newPassword-hint')).toBe(
      'Must be 12 to 128 characters and not a common password. A good way is three random words.',
    );
    expect(attr('newPassword', 'aria-describedby')).toContain('newPassword-hint');
    expect(page.root.querySelector('form .govuk-button-group a')?.getAttribute('href')).toBe('/account');
    expect(page.root.querySelector('input[name="_csrf"]')).not.toBeNull();
  });

  it('is linked from the account page', async () => {
    const page = readPage((await (await clientOf(await person())).get('/account')).body);
    const link = page.root.querySelector(`.govuk-summary-list a[href="${PAGE}"]`);
    expect(link?.text.replace(/\s+/g, ' ').trim()).toBe('Change password');
    expect(link?.querySelector('.govuk-visually-hidden')?.text.trim()).toBe('password');
    expect(page.root.querySelector('.govuk-notification-banner')).toBeNull();
  });

  it('is open to someone who must still set up two-factor, as the account page is', async () => {
    const client = await clientOf(await person({ role: 'admin' }));
    expect((await client.get('/reviews')).headers.location).toBe('/account/two-factor');
    expect((await client.get(PAGE)).statusCode).toBe(200);
  });

  it('sends someone signed out to sign in', async () => {
    const res = await new Client(t.app).get(PAGE);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Faccount%2Fpassword');
  });
});

describe('changing a password', () => {
  it('stores the new password, ends the other sessions, keeps this one and records it without secrets', async () => {
    const member = await person();
    const elsewhere = new Client(t.app);
    expect((await elsewhere.post('/sign-in', { email: member.email, password: OLD_PASSWORD })).statusCode).toBe(303);
    const client = await clientOf(member);
    expect(await sessionsOf(member)).toBe(2);

    const res = await change(client, { current: OLD_PASSWORD, next: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account?password-changed=1');
    const account = await client.get(res.headers.location!);
    expect(account.statusCode).toBe(200);
    expect(readPage(account.body).text('.govuk-notification-banner--success')).toContain(
      'Your password has been changed.',
    );
    expect(readPage((await client.get('/account')).body).root.querySelector('.govuk-notification-banner')).toBeNull();

    expect(await sessionsOf(member)).toBe(1);
    const ended = await elsewhere.get('/account');
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toMatch(/^\/sign-in/);
    expect((await client.get('/reviews')).statusCode).toBe(200);

    expect((await signIn(member.email, OLD_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(member.email, NEW_PASSWORD)).statusCode).toBe(303);

    const hash = (await storedHash(member))!;
    expect(await verifyPassword(NEW_PASSWORD, hash)).toBe(true);
    const events = await auditOf(member, 'password.changed');
    expect(events).toHaveLength(1);
    expect(events[0]!.object_id).toBe(member.id);
    expect(JSON.parse(events[0]!.detail!)).toEqual({ otherSessionsEnded: 1 });
    const everything = JSON.stringify(
      await t.testDb.db.selectFrom('audit_event').selectAll().where('user_id', '=', member.id).execute(),
    );
    for (const secret of [OLD_PASSWORD, NEW_PASSWORD, hash, oldHash]) expect(everything).not.toContain(secret);
  });

  const cases: { name: string; fields: Parameters<typeof change>[1]; errors: { text: string; href: string }[] }[] = [
    {
      name: 'nothing entered',
      fields: {},
      errors: [
        { text: 'Enter your current password', href: '#currentPassword' },
        { text: 'Enter your new password', href: '#newPassword' },
        { text: 'Enter your new password again', href: '#confirmPassword' },
      ],
    },
    {
      name: 'a new password that is too short',
      fields: { current: OLD_PASSWORD, next: 'short pass', confirm: 'short pass' },
      errors: [{ text: 'Password must be 12 characters or more', href: '#newPassword' }],
    },
    {
      name: 'a new password that is too long',
      fields: {
        current: OLD_PASSWORD,
        next: 'x'.repeat(60) + 'y'.repeat(69),
        confirm: 'x'.repeat(60) + 'y'.repeat(69),
      },
      errors: [{ text: 'Password must be 128 characters or fewer', href: '#newPassword' }],
    },
    {
      name: 'a common new password',
      fields: { current: OLD_PASSWORD, next: 'passwordpassword', confirm: 'passwordpassword' },
      errors: [
        {
          text: 'Password is too easy to guess: choose a different one, such as three random words',
          href: '#newPassword',
        },
      ],
    },
    {
      name: 'a confirmation that does not match',
      fields: { current: OLD_PASSWORD, next: NEW_PASSWORD, confirm: 'periwinkle harbour compasses' },
      errors: [{ text: 'Enter the same new password twice', href: '#confirmPassword' }],
    },
    {
      name: 'a new password the same as the current one',
      fields: { current: OLD_PASSWORD, next: OLD_PASSWORD, confirm: OLD_PASSWORD },
      errors: [{ text: 'Your new password must be different from your current password', href: '#newPassword' }],
    },
  ];

  it.each(cases)('answers $name with 400, the errors and empty fields, and changes nothing', async (c) => {
    const member = await person();
    const client = await clientOf(member);
    const res = await change(client, c.fields);
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe(`Error: ${TITLE}`);
    expect(page.errorLinks).toEqual(c.errors);
    for (const e of c.errors) expect(page.text(`${e.href}-error`)).toBe(`Error: ${e.text}`);
    expectEmptyPasswordFields(page);
    for (const typed of Object.values(c.fields)) expect(res.body).not.toContain(typed);
    expect(await storedHash(member)).toBe(oldHash);
    expect(await auditOf(member, 'password.changed')).toEqual([]);
  });

  it('refuses a new password that contains the email address', async () => {
    const member = await person();
    const local = member.email.split('@')[0]!;
    const next = `${local} lighthouse`;
    const res = await change(await clientOf(member), { current: OLD_PASSWORD, next, confirm: next });
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks).toEqual([
      { text: 'Password must not contain your email address', href: '#newPassword' },
    ]);
    expect(res.body).not.toContain(next);
  });
});
