import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, signedInClient } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { startSmtp, type TestSmtp } from '../../../test/helpers/smtp.js';
import { hashPassword } from '../accounts/passwords.js';

const PASSWORD = 'tangerine lighthouse velvet';
let smtp: TestSmtp;
let t: TestApp;
let offset = 0;
let org: { id: string; slug: string; name: string };

beforeAll(async () => {
  smtp = await startSmtp();
  t = await buildTestApp({ clock: () => new Date(Date.now() + offset) }, { SMTP_URL: smtp.url });
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

async function waitForMail(to: string) {
  const mail = await smtp.waitForMail(to);
  if (!mail) throw new Error(`No email to ${to}`);
  return mail;
}

let n = 0;
/** An admin invites the email; returns the path of the link in the invitation email. */
async function invite(email: string, role: 'admin' | 'member' | 'viewer', name = 'Sam Patel') {
  const admin = await insertPerson(t.testDb.db, org.id, 'admin', { twoFactor: true });
  const client = await signedInClient(t.app, t.testDb.db, admin, org.id);
  const res = await client.post('/admin/people/invite', { name, email, role });
  expect(res.statusCode).toBe(303);
  expect(res.headers.location).toBe('/admin/people?invited=1');
  const mail = await waitForMail(email);
  const url = new RegExp(`${t.config.publicUrl}/invitations/[A-Za-z0-9_-]+`).exec(mail.text)?.[0];
  expect(url).toBeDefined();
  return { path: new URL(url!).pathname, mail, client };
}
const newEmail = () => `invitee-${Date.now()}-${n++}@example.org`;

async function audit(action: string) {
  return t.testDb.db.selectFrom('audit_event').selectAll().where('action', '=', action).execute();
}

describe('inviting by email', () => {
  it('emails the invitation link and shows a success banner', async () => {
    const email = newEmail();
    const { mail, client } = await invite(email, 'viewer');
    expect(mail.raw).toMatch(new RegExp(`^Subject: You have been invited to ${org.name}`, 'm'));
    expect(mail.text).toContain('The link works once and expires in 24 hours.');
    const page = readPage((await client.get('/admin/people?invited=1')).body);
    expect(page.text('.govuk-notification-banner')).toContain('Invitation sent.');
  });
});

describe('accepting an invitation', () => {
  it('lets a new person create their account; they are signed in and the link then stops working', async () => {
    const email = newEmail();
    const { path } = await invite(email, 'member');
    const client = new Client(t.app);
    const page = readPage((await client.get(path)).body);
    expect(page.h1).toBe('Accept your invitation');
    expect(page.text('.govuk-summary-list')).toContain(org.name);
    expect(page.text('.govuk-summary-list')).toContain('Member: works on reviews');
    expect(page.root.querySelector('#name')?.getAttribute('value')).toBe('Sam Patel');

    const weak = await client.post(path, { name: 'Sam Patel-Jones', password: 'short' });
    expect(weak.statusCode).toBe(400);
    const errors = readPage(weak.body);
    expect(errors.title).toBe('Error: Accept your invitation – Quality Markers');
    expect(errors.errorLinks).toEqual([{ text: 'Password must be 12 characters or more', href: '#password' }]);
    expect(errors.root.querySelector('#name')?.getAttribute('value')).toBe('Sam Patel-Jones');
    expect(errors.root.querySelector('#password')?.getAttribute('value') ?? '').toBe('');

    const accepted = await client.post(path, { name: 'Sam Patel-Jones', password: PASSWORD });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/work?welcome=1');
    const account = readPage((await client.get('/account')).body);
    expect(account.text('.govuk-summary-list')).toContain('Sam Patel-Jones');
    expect(account.text('.app-signed-in')).toContain(org.name);
    const user = await t.testDb.db
      .selectFrom('user_account')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect((await audit('invitation.accepted')).map((e) => e.user_id)).toContain(user.id);

    for (const again of [
      await client.get(path),
      await new Client(t.app).post(path, { name: 'X', password: PASSWORD }),
    ]) {
      expect(again.statusCode).toBe(410);
      expect(readPage(again.body).h1).toBe('This invitation link has expired or has already been used');
    }
  });

  it('sends a new admin to set up two-factor first', async () => {
    const { path } = await invite(newEmail(), 'admin');
    const client = new Client(t.app);
    const res = await client.post(path, { name: 'Alex Admin', password: PASSWORD });
    expect(res.headers.location).toBe('/account/two-factor');
    expect((await client.get('/admin/people')).headers.location).toBe('/account/two-factor');
  });

  it('lets someone with an account accept, then sign in as usual (no session from the link)', async () => {
    const other = await insertOrganisation(t.testDb.db, 'Otherton Safeguarding Adults Board');
    const email = newEmail();
    await insertPerson(t.testDb.db, other.id, 'member', { email, passwordHash: await hashPassword(PASSWORD) });
    const { path } = await invite(email.toUpperCase(), 'viewer');
    const client = new Client(t.app);
    const page = readPage((await client.get(path)).body);
    expect(page.root.querySelector('#password')).toBeNull();
    expect(page.all('button')).toContain('Accept invitation');

    const res = await client.post(path);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/invitations/accepted');
    expect(res.cookies.find((c) => c.name === 'qm_session')).toBeUndefined();
    expect(readPage((await client.get('/invitations/accepted')).body).text('main')).toContain('Sign in');

    const signIn = await client.post('/sign-in', { email, password: PASSWORD });
    expect(signIn.headers.location).toBe('/partnerships');
    expect((await client.post('/partnerships', { partnership: org.slug })).statusCode).toBe(303);
    const account = readPage((await client.get('/account')).body);
    expect(account.text('.govuk-table')).toContain(`${org.name} Working in Viewer`);
  });

  it('refuses an expired link with 410', async () => {
    const { path } = await invite(newEmail(), 'member');
    offset = 24 * 60 * 60 * 1000 + 60_000;
    try {
      const client = new Client(t.app);
      const res = await client.get(path);
      expect(res.statusCode).toBe(410);
      expect(readPage(res.body).h1).toBe('This invitation link has expired or has already been used');
      expect((await client.post(path, { name: 'Late', password: PASSWORD })).statusCode).toBe(410);
    } finally {
      offset = 0;
    }
  });
});
