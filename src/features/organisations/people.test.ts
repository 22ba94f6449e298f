import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, signedInClient, type Person } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';

// Without SMTP: invitations and password reset links are shown to the admin to pass on.
let t: TestApp;
let org: { id: string; slug: string; name: string };
let admin: Person;
let adminClient: Client;

beforeAll(async () => {
  t = await buildTestApp();
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
  admin = await insertPerson(t.testDb.db, org.id, 'admin', { twoFactor: true });
  await insertPerson(t.testDb.db, org.id, 'admin', { twoFactor: true }); // a second admin
  adminClient = await signedInClient(t.app, t.testDb.db, admin, org.id);
});
afterAll(async () => t.close());

async function auditActions(organisationId: string) {
  const rows = await t.testDb.db
    .selectFrom('audit_event')
    .select('action')
    .where('organisation_id', '=', organisationId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}

const oneTimeLink = (html: string) => readPage(html).root.querySelector('#link')?.getAttribute('value') ?? '';

describe('who may use the admin pages', () => {
  it('refuses members and viewers with 403, and sends signed-out people to sign in', async () => {
    for (const role of ['member', 'viewer'] as const) {
      const person = await insertPerson(t.testDb.db, org.id, role);
      const client = await signedInClient(t.app, t.testDb.db, person, org.id);
      for (const url of ['/admin/people', '/admin/people/invite', `/admin/people/${admin.id}`, '/admin/settings']) {
        expect((await client.get(url)).statusCode, `${role} ${url}`).toBe(403);
      }
      const post = await client.post('/admin/people/invite', { name: 'A', email: 'a@example.org', role: 'admin' });
      expect(post.statusCode).toBe(403);
      expect(readPage(post.body).text('main')).not.toMatch(/csrf/i); // refused for the role, not for a missing token
      expect((await client.post(`/admin/people/${admin.id}/role`, { role: 'viewer' })).statusCode).toBe(403);
    }
    const anonymous = await new Client(t.app).get('/admin/people');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in\?next=/);
  });

  it('refuses a POST without a CSRF token with 403', async () => {
    const res = await adminClient.post(
      '/admin/people/invite',
      { name: 'Sam Patel', email: 'sam@example.org', role: 'member' },
      { csrf: false },
    );
    expect(res.statusCode).toBe(403);
  });
});

describe('people', () => {
  it('lists the partnership’s people with role, two-factor and status, and links to each', async () => {
    const member = await insertPerson(t.testDb.db, org.id, 'member');
    const page = readPage((await adminClient.get('/admin/people')).body);
    expect(page.h1).toBe('People');
    expect(page.title).toBe('People – Quality Markers');
    const row = page.root.querySelectorAll('tbody tr').find((r) => r.text.includes(member.email));
    expect(row?.querySelectorAll('td').map((c) => c.text.trim())).toEqual([
      member.email,
      'Member',
      'Off',
      'Active',
      `Change ${member.name}`,
    ]);
    expect(row?.querySelector('a')?.getAttribute('href')).toBe(`/admin/people/${member.id}`);
    expect(page.root.querySelector('a[href="/admin/people/invite"]')?.text.trim()).toBe('Invite someone');
  });

  it('shows another partnership’s person as not found, and will not change them', async () => {
    const other = await insertOrganisation(t.testDb.db, 'Otherton Safeguarding Adults Board');
    const stranger = await insertPerson(t.testDb.db, other.id, 'member');
    expect((await adminClient.get(`/admin/people/${stranger.id}`)).statusCode).toBe(404);
    expect((await adminClient.get(`/admin/people/${stranger.id}/disable`)).statusCode).toBe(404);
    expect((await adminClient.post(`/admin/people/${stranger.id}/role`, { role: 'admin' })).statusCode).toBe(404);
    expect((await adminClient.post(`/admin/people/${stranger.id}/disable`)).statusCode).toBe(404);
    expect((await adminClient.post(`/admin/people/${stranger.id}/password-reset`)).statusCode).toBe(404);
    const row = await t.testDb.db
      .selectFrom('membership')
      .select(['role', 'disabled_at'])
      .where('user_id', '=', stranger.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'member', disabled_at: null });
  });
});

describe('inviting someone without email', () => {
  it('shows a one-time invitation link to pass on', async () => {
    const form = readPage((await adminClient.get('/admin/people/invite')).body);
    expect(form.h1).toBe('Invite someone');
    expect(form.all('.govuk-radios__label')).toEqual(['Admin', 'Member', 'Viewer']);
    const res = await adminClient.post('/admin/people/invite', {
      name: 'Sam Patel',
      email: 'Sam.Patel@Example.org',
      role: 'member',
    });
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Invitation link created');
    expect(page.text('main')).toContain('works once and expires in 24 hours');
    const url = oneTimeLink(res.body);
    expect(url).toMatch(new RegExp(`^${t.config.publicUrl}/invitations/[A-Za-z0-9_-]{43}$`));
    const invitation = readPage((await new Client(t.app).get(new URL(url).pathname)).body);
    expect(invitation.text('main')).toContain(org.name);
    expect(invitation.root.querySelector('#name')?.getAttribute('value')).toBe('Sam Patel');
    expect(await auditActions(org.id)).toContain('invitation.created');
  });

  it('shows GOV.UK errors and keeps what was typed', async () => {
    const res = await adminClient.post('/admin/people/invite', { name: '', email: 'not an email' });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Invite someone – Quality Markers');
    expect(page.errorLinks).toEqual([
      { text: 'Enter their full name', href: '#name' },
      { text: 'Enter an email address in the correct format, like name@example.com', href: '#email' },
      { text: 'Select a role', href: '#role' },
    ]);
    expect(page.root.querySelector('#email')?.getAttribute('value')).toBe('not an email');
  });

  it('refuses someone who is already a member of the partnership', async () => {
    const member = await insertPerson(t.testDb.db, org.id, 'viewer');
    const res = await adminClient.post('/admin/people/invite', {
      name: 'Again',
      email: member.email.toUpperCase(),
      role: 'member',
    });
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks).toEqual([
      { text: 'This person is already a member of the partnership', href: '#email' },
    ]);
  });
});

describe('changing a role', () => {
  it('changes the role and records it', async () => {
    const member = await insertPerson(t.testDb.db, org.id, 'member');
    const res = await adminClient.post(`/admin/people/${member.id}/role`, { role: 'viewer' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/people/${member.id}?done=role`);
    const page = readPage((await adminClient.get(res.headers.location!)).body);
    expect(page.text('.govuk-notification-banner')).toContain('Role changed.');
    expect(page.text('.govuk-summary-list')).toContain('Role Viewer');
    expect(page.root.querySelector('input[name="role"][value="viewer"]')?.hasAttribute('checked')).toBe(true);
    expect(await auditActions(org.id)).toContain('member.role_changed');
  });

  it('keeps at least one admin, and says so on the page', async () => {
    const solo = await insertOrganisation(t.testDb.db, 'Solo Safeguarding Partnership');
    const onlyAdmin = await insertPerson(t.testDb.db, solo.id, 'admin', { twoFactor: true });
    const client = await signedInClient(t.app, t.testDb.db, onlyAdmin, solo.id);
    const res = await client.post(`/admin/people/${onlyAdmin.id}/role`, { role: 'member' });
    expect(res.statusCode).toBe(409);
    const page = readPage(res.body);
    expect(page.title).toBe(`Error: ${onlyAdmin.name} – Quality Markers`);
    expect(page.errorLinks).toEqual([{ text: 'A partnership must keep at least one admin', href: '#role' }]);
    expect((await client.get('/admin/people')).statusCode).toBe(200);
  });

  it('asks for a role when none is chosen', async () => {
    const member = await insertPerson(t.testDb.db, org.id, 'member');
    const res = await adminClient.post(`/admin/people/${member.id}/role`, { role: 'owner' });
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks).toEqual([{ text: 'Select a role', href: '#role' }]);
  });
});

describe('disabling and enabling', () => {
  it('asks to confirm, then ends the person’s sessions at once', async () => {
    const member = await insertPerson(t.testDb.db, org.id, 'member');
    const theirs = await signedInClient(t.app, t.testDb.db, member, org.id);
    expect((await theirs.get('/account')).statusCode).toBe(200);

    const confirm = readPage((await adminClient.get(`/admin/people/${member.id}/disable`)).body);
    expect(confirm.h1).toBe(`Are you sure you want to disable ${member.name}?`);
    const res = await adminClient.post(`/admin/people/${member.id}/disable`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/people/${member.id}?done=disabled`);

    const after = await theirs.get('/account');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/sign-in/);
    const page = readPage((await adminClient.get(`/admin/people/${member.id}`)).body);
    expect(page.text('.govuk-summary-list')).toContain('Status Disabled');
    expect(await auditActions(org.id)).toContain('member.disabled');

    expect((await adminClient.post(`/admin/people/${member.id}/enable`)).headers.location).toBe(
      `/admin/people/${member.id}?done=enabled`,
    );
    const list = readPage((await adminClient.get('/admin/people')).body);
    const row = list.root.querySelectorAll('tbody tr').find((r) => r.text.includes(member.email));
    expect(row?.text).toContain('Active');
  });

  it('will not let an admin disable themselves', async () => {
    const page = readPage((await adminClient.get(`/admin/people/${admin.id}`)).body);
    expect(page.text('main')).toContain('You cannot disable your own account');
    const res = await adminClient.post(`/admin/people/${admin.id}/disable`);
    expect(res.statusCode).toBe(409);
    expect(readPage(res.body).errorLinks).toEqual([
      { text: 'You cannot disable your own account: ask another admin', href: '#disable' },
    ]);
  });
});

describe('password reset links made by an admin', () => {
  it('shows a one-time link that lets the person choose a new password', async () => {
    const member = await insertPerson(t.testDb.db, org.id, 'member');
    const page = readPage((await adminClient.get(`/admin/people/${member.id}`)).body);
    expect(page.all('button')).toContain('Create a password reset link');
    const res = await adminClient.post(`/admin/people/${member.id}/password-reset`);
    expect(res.statusCode).toBe(200);
    expect(readPage(res.body).h1).toBe('Password reset link created');
    const url = oneTimeLink(res.body);
    expect(url).toMatch(new RegExp(`^${t.config.publicUrl}/password-reset/[A-Za-z0-9_-]{43}$`));

    const client = new Client(t.app);
    const path = new URL(url).pathname;
    expect(readPage((await client.get(path)).body).h1).toBe('Choose a new password');
    const done = await client.post(path, { password: 'marmalade kettle orbit', confirm: 'marmalade kettle orbit' });
    expect(done.headers.location).toBe('/password-reset/done');
    const signIn = await client.post('/sign-in', { email: member.email, password: 'marmalade kettle orbit' });
    expect(signIn.statusCode).toBe(303); // a wrong password would be 401
  });

  it('is refused for someone who also belongs to another partnership', async () => {
    const other = await insertOrganisation(t.testDb.db, 'Elsewhere Safeguarding Adults Board');
    const member = await insertPerson(t.testDb.db, org.id, 'member');
    await insertPerson(t.testDb.db, other.id, 'admin', { email: member.email });
    const res = await adminClient.post(`/admin/people/${member.id}/password-reset`);
    expect(res.statusCode).toBe(409);
    expect(readPage(res.body).errorLinks[0]?.text).toMatch(/^This person also belongs to another partnership/);
  });

  it('the forgotten password page says to ask an admin', async () => {
    const page = readPage((await new Client(t.app).get('/sign-in/forgotten-password')).body);
    expect(page.text('main')).toContain('Ask an admin of your partnership to make a password reset link');
    expect(page.root.querySelector('input[name="email"]')).toBeNull();
  });
});
