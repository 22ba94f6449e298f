import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, signedInClient, type Person } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp.js';
import { hashPassword } from './passwords.js';

const OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'periwinkle harbour compass';
let smtp: TestSmtp;
let t: TestApp;
let org: { id: string; slug: string; name: string };
let oldHash: string;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await buildTestApp({}, { SMTP_URL: smtp.url, PUBLIC_URL: 'https://qm.example.org' });
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
  oldHash = await hashPassword(OLD_PASSWORD);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const person = (role: 'member' | 'admin' = 'member'): Promise<Person> =>
  insertPerson(t.testDb.db, org.id, role, { passwordHash: oldHash });

const waitForMail = (to: string, timeoutMs?: number) => smtp.waitForMail(to, timeoutMs);

async function requestReset(email: string) {
  const client = new Client(t.app);
  const res = await client.post('/sign-in/forgotten-password', { email });
  return { res, client };
}

describe('asking for a password reset', () => {
  it('asks for an email address', async () => {
    const client = new Client(t.app);
    const page = readPage((await client.get('/sign-in/forgotten-password')).body);
    expect(page.h1).toBe('Reset your password');
    const res = await client.post('/sign-in/forgotten-password', { email: '' });
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks).toEqual([{ text: 'Enter an email address', href: '#email' }]);
  });

  it('gives the same answer for an unknown email and sends nothing', async () => {
    const known = await person();
    const unknown = await requestReset('nobody-here@example.org');
    const existing = await requestReset(known.email);
    expect(unknown.res.statusCode).toBe(303);
    expect(unknown.res.headers.location).toBe(existing.res.headers.location);
    const a = readPage((await unknown.client.get(unknown.res.headers.location!)).body);
    const b = readPage((await existing.client.get(existing.res.headers.location!)).body);
    expect(a.text('main')).toBe(b.text('main'));
    expect(a.text('main')).toContain('If an account exists for the email address you entered');
    expect(await waitForMail(known.email)).toBeDefined();
    expect(await waitForMail('nobody-here@example.org', 300)).toBeUndefined();
    const events = await t.testDb.db
      .selectFrom('audit_event')
      .select('user_id')
      .where('action', '=', 'password_reset.requested')
      .execute();
    expect(events.map((e) => e.user_id)).toEqual([known.id]);
  });
});

describe('resetting a password from the emailed link', () => {
  it('sets the new password, ends every session and works once', async () => {
    const member = await person();
    const signedIn = new Client(t.app);
    await signedIn.post('/sign-in', { email: member.email, password: OLD_PASSWORD });
    expect((await signedIn.get('/account')).statusCode).toBe(200);

    await requestReset(member.email);
    const mail = await waitForMail(member.email);
    expect(mail?.raw).toMatch(/^Subject: Reset your Quality Markers password/m);
    const url = /https:\/\/qm\.example\.org\/password-reset\/[A-Za-z0-9_-]+/.exec(mail?.text ?? '')?.[0];
    expect(url).toBeDefined();
    const path = new URL(url!).pathname;

    const client = new Client(t.app);
    expect(readPage((await client.get(path)).body).h1).toBe('Choose a new password');
    const mismatch = await client.post(path, { password: NEW_PASSWORD, confirm: 'something else entirely' });
    expect(mismatch.statusCode).toBe(400);
    const page = readPage(mismatch.body);
    expect(page.title).toBe('Error: Choose a new password – Quality Markers');
    expect(page.errorLinks).toEqual([{ text: 'Enter the same password twice', href: '#confirm' }]);
    expect(page.root.querySelector('#password')?.getAttribute('value') ?? '').toBe('');
    const weak = await client.post(path, { password: 'password', confirm: 'password' });
    expect(readPage(weak.body).errorLinks[0]).toEqual({
      text: 'Password must be 12 characters or more',
      href: '#password',
    });

    const done = await client.post(path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/password-reset/done');
    expect(readPage((await client.get('/password-reset/done')).body).text('.govuk-notification-banner')).toContain(
      'Your password has been changed.',
    );

    const ended = await signedIn.get('/account');
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toMatch(/^\/sign-in/);
    expect((await new Client(t.app).post('/sign-in', { email: member.email, password: OLD_PASSWORD })).statusCode).toBe(
      401,
    );
    expect((await new Client(t.app).post('/sign-in', { email: member.email, password: NEW_PASSWORD })).statusCode).toBe(
      303,
    );
    const again = await client.get(path);
    expect(again.statusCode).toBe(410);
    expect(readPage(again.body).h1).toBe('This password reset link has expired or has already been used');
    expect((await client.post(path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).statusCode).toBe(410);

    const reset = await t.testDb.db
      .selectFrom('audit_event')
      .select(['user_id', 'organisation_id'])
      .where('action', '=', 'password.reset')
      .execute();
    expect(reset).toEqual([{ user_id: member.id, organisation_id: null }]);
  });

  it('refuses an unknown token with 410', async () => {
    const res = await new Client(t.app).get('/password-reset/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
    expect(res.statusCode).toBe(410);
  });

  it('lets an admin email a reset link from the person’s page', async () => {
    const admin = await insertPerson(t.testDb.db, org.id, 'admin', { passwordHash: oldHash, twoFactor: true });
    const member = await person();
    const client = await signedInClient(t.app, t.testDb.db, admin, org.id);
    const page = readPage((await client.get(`/admin/people/${member.id}`)).body);
    expect(page.all('button')).toContain('Email a password reset link');
    const res = await client.post(`/admin/people/${member.id}/password-reset`);
    expect(res.headers.location).toBe(`/admin/people/${member.id}?done=reset-sent`);
    expect((await waitForMail(member.email))?.text).toMatch(/https:\/\/qm\.example\.org\/password-reset\//);
  });
});
