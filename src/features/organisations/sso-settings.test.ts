import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, signedInClient, type Person } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';

const PATH = '/admin/single-sign-on';
const SECRET = 'very-secret-client-secret-do-not-show';
let t: TestApp;
let org: { id: string; slug: string; name: string };
let other: { id: string; slug: string; name: string };
let admin: Person;

beforeAll(async () => {
  t = await buildTestApp();
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
  other = await insertOrganisation(t.testDb.db, 'Otherton Safeguarding Adults Board');
  admin = await insertPerson(t.testDb.db, org.id, 'admin', { twoFactor: true });
});
afterAll(async () => t.close());

/**
 * Signed in, with a CSRF cookie already set: a page with two forms (sign-out and ours) rendered before
 * the browser has one would make two secrets, and only the last form's token would match the cookie.
 */
async function signedIn(person: Person, organisationId: string) {
  const client = await signedInClient(t.app, t.testDb.db, person, organisationId);
  await client.get('/account');
  return client;
}
const asAdmin = () => signedIn(admin, org.id);
const clientSecret = (stored: string) => t.app.secretBox.open(stored, `oidc-client-secret:${org.id}`);
const saved = () =>
  t.testDb.db.selectFrom('organisation').selectAll().where('id', '=', org.id).executeTakeFirstOrThrow();
const valid = {
  issuer: 'https://login.anytown.gov.uk',
  clientId: 'quality-markers',
  clientSecret: SECRET,
  allowedDomains: 'Anytown.gov.uk\n@anytown-council.gov.uk, anytown.gov.uk',
  groupsClaim: '',
  adminGroup: 'qm-admins',
  viewerGroup: 'qm-viewers',
};
const save = (client: Client, fields: Record<string, string>) => client.post(PATH, fields, { csrfFrom: PATH });

describe('single sign-on settings', () => {
  it('shows an admin the redirect URI to register, with single sign-on off to begin with', async () => {
    const res = await (await asAdmin()).get(PATH);
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.title).toBe('Single sign-on – Quality Markers');
    expect(page.text('#redirect-uri')).toBe(`${t.config.publicUrl}/sign-in/single-sign-on/callback`);
    expect(page.text('#sso-status')).toBe('Single sign-on is off.');
    expect(page.root.querySelector('#groupsClaim')?.getAttribute('value')).toBe('groups');
  });

  it('saves the settings (audited), never shows the secret, and keeps it when left blank', async () => {
    const client = await asAdmin();
    const res = await save(client, valid);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${PATH}?saved=1`);
    expect(await saved()).toMatchObject({
      oidc_issuer: 'https://login.anytown.gov.uk',
      oidc_client_id: 'quality-markers',
      oidc_allowed_domains: 'anytown.gov.uk,anytown-council.gov.uk',
      oidc_role_claim: 'groups',
      oidc_admin_group: 'qm-admins',
      oidc_viewer_group: 'qm-viewers',
    });
    const audit = await t.testDb.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'organisation.settings_changed')
      .where('organisation_id', '=', org.id)
      .execute();
    // Stored sealed, bound to this partnership: not the secret, and it opens to the secret.
    const stored = (await saved()).oidc_client_secret!;
    expect(stored).toMatch(/^qm1:/);
    expect(stored).not.toContain(SECRET);
    expect(clientSecret(stored)).toBe(SECRET);
    expect(audit.at(-1)?.user_id).toBe(admin.id);
    expect(JSON.stringify(audit)).not.toContain(SECRET);

    const shown = await client.get(res.headers.location as string);
    expect(shown.body).not.toContain(SECRET);
    const page = readPage(shown.body);
    expect(page.text('.govuk-notification-banner')).toContain('Single sign-on settings saved.');
    expect(page.text('#sso-status')).toBe('Single sign-on is on.');
    expect(page.text('#clientSecret-hint')).toBe('A secret is saved. Leave this blank to keep it.');
    expect(page.root.querySelector('#clientSecret')?.getAttribute('value')).toBeUndefined();
    expect(page.root.querySelector('#allowedDomains')?.text).toBe('anytown.gov.uk\nanytown-council.gov.uk');

    expect((await save(client, { ...valid, clientSecret: '', clientId: 'renamed' })).statusCode).toBe(303);
    expect(await saved()).toMatchObject({ oidc_client_id: 'renamed', oidc_client_secret: stored });
    expect((await save(client, { ...valid, clientSecret: 'a-new-secret' })).statusCode).toBe(303);
    expect(clientSecret((await saved()).oidc_client_secret!)).toBe('a-new-secret');
  });

  it('shows GOV.UK errors, keeps what was typed and never echoes a secret', async () => {
    const client = await asAdmin();
    const res = await save(client, {
      issuer: 'http://login.anytown.gov.uk',
      clientId: '',
      clientSecret: 'typed-secret-that-must-not-come-back',
      allowedDomains: 'anytown.gov.uk, not a domain',
      groupsClaim: 'my groups',
      adminGroup: 'same',
      viewerGroup: 'same',
    });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Single sign-on – Quality Markers');
    expect(page.errorLinks).toEqual([
      { text: 'The issuer URL must start with https://', href: '#issuer' },
      { text: 'Enter the client ID', href: '#clientId' },
      { text: '“not a domain” is not an email domain: enter domains like example.gov.uk', href: '#allowedDomains' },
      { text: 'Groups claim name must not contain spaces', href: '#groupsClaim' },
      { text: 'The viewer group must be different from the admin group', href: '#viewerGroup' },
    ]);
    expect(page.root.querySelector('#issuer')?.getAttribute('value')).toBe('http://login.anytown.gov.uk');
    expect(res.body).not.toContain('typed-secret-that-must-not-come-back');
  });

  it('asks for the issuer, a secret and at least one domain when setting up for the first time', async () => {
    const newcomer = await insertOrganisation(t.testDb.db, 'Newtown Safeguarding Children Partnership');
    const boss = await insertPerson(t.testDb.db, newcomer.id, 'admin', { twoFactor: true });
    const client = await signedIn(boss, newcomer.id);
    const res = await save(client, { issuer: 'not a url', clientId: 'abc', clientSecret: '', allowedDomains: ',' });
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks.map((e) => e.text)).toEqual([
      'Enter the issuer URL in the correct format, like https://login.example.gov.uk',
      'Enter the client secret',
      'Enter at least one email domain, like example.gov.uk',
    ]);
  });

  it('turns single sign-on off when the issuer, client ID and domains are cleared', async () => {
    const client = await asAdmin();
    await save(client, valid);
    const res = await save(client, { issuer: '', clientId: '', clientSecret: '', allowedDomains: '' });
    expect(res.statusCode).toBe(303);
    expect(await saved()).toMatchObject({ oidc_issuer: null, oidc_client_id: null, oidc_client_secret: null });
    expect(readPage((await client.get(PATH)).body).text('#sso-status')).toBe('Single sign-on is off.');
  });

  it('changes only the admin’s own partnership', async () => {
    await save(await asAdmin(), valid);
    const untouched = await t.testDb.db
      .selectFrom('organisation')
      .selectAll()
      .where('id', '=', other.id)
      .executeTakeFirstOrThrow();
    expect(untouched.oidc_issuer).toBeNull();
  });

  it('is for admins only: members and viewers get 403', async () => {
    for (const role of ['member', 'viewer'] as const) {
      const person = await insertPerson(t.testDb.db, org.id, role);
      const client = await signedIn(person, org.id);
      expect((await client.get(PATH)).statusCode).toBe(403);
      expect((await client.post(PATH, valid)).statusCode).toBe(403);
    }
    const signedOut = await new Client(t.app).get(PATH);
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('/sign-in?next=%2Fadmin%2Fsingle-sign-on');
  });

  it('refuses a POST without a CSRF token with 403', async () => {
    const before = await saved();
    const res = await (await asAdmin()).post(PATH, { ...valid, clientId: 'forged' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect((await saved()).oidc_client_id).toBe(before.oidc_client_id);
  });
});
