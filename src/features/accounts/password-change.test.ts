import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, signedInClient, type Person } from '../../../test/helpers/client.js';
import { readPage, type Page } from '../../../test/helpers/html.js';
import { createToken } from './tokens.service.js';
import { hashPassword, verifyPassword } from './passwords.js';

const OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'periwinkle harbour compass';
const PAGE = '/account/password';
const TITLE = 'Change your password – Quality Markers';

let t: TestApp;
let org: { id: string; slug: string; name: string };
let oldHash: string;

beforeAll(async () => {
  t = await buildTestApp();
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
  oldHash = await hashPassword(OLD_PASSWORD);
});
afterAll(async () => t.close());

const person = (opts: { role?: 'member' | 'admin'; sso?: boolean } = {}): Promise<Person> =>
  insertPerson(t.testDb.db, org.id, opts.role ?? 'member', { passwordHash: opts.sso ? undefined : oldHash });

const clientOf = (who: Person) => signedInClient(t.app, t.testDb.db, who, org.id);

const storedHash = async (who: Person) =>
  (
    await t.testDb.db
      .selectFrom('user_account')
      .select('password_hash')
      .where('id', '=', who.id)
      .executeTakeFirstOrThrow()
  ).password_hash;

const sessionsOf = async (who: Person) =>
  (await t.testDb.db.selectFrom('session').select('id_hash').where('user_id', '=', who.id).execute()).length;

const auditOf = (who: Person, action: string) =>
  t.testDb.db
    .selectFrom('audit_event')
    .select(['user_id', 'object_id', 'detail'])
    .where('user_id', '=', who.id)
    .where('action', '=', action)
    .execute();

const signIn = (email: string, password: string) => new Client(t.app).post('/sign-in', { email, password });

const change = (client: Client, fields: Partial<Record<'current' | 'next' | 'confirm', string>>) =>
  client.post(PAGE, {
    currentPassword: fields.current ?? '',
    newPassword: fields.next ?? '',
    confirmPassword: fields.confirm ?? '',
  });

/** The three password fields are empty: no password typed is ever sent back. */
function expectEmptyPasswordFields(page: Page) {
  const inputs = page.root.querySelectorAll('input[type="password"]');
  expect(inputs.map((i) => i.id)).toEqual(['currentPassword', 'newPassword', 'confirmPassword']);
  for (const input of inputs) expect(input.getAttribute('value') ?? '', input.id).toBe('');
}

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
