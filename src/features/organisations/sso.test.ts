import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { signInAtProvider, startOidcProvider, type TestOidcProvider } from '../../../test/helpers/oidc-provider.js';

let skewMs = 0;
let t: TestApp;
let idp: TestOidcProvider;
let redirectUri: string;
let org: { id: string; slug: string; name: string };
let plain: { id: string; slug: string; name: string };

beforeAll(async () => {
  t = await buildTestApp({ clock: () => new Date(Date.now() + skewMs) });
  redirectUri = `${t.config.publicUrl}/sign-in/single-sign-on/callback`;
  idp = await startOidcProvider({
    redirectUri,
    accounts: {
      ada: { email: 'Ada.Lovelace@Anytown.gov.uk', name: 'Ada Lovelace', groups: ['qm-admins', 'staff'] },
      bob: { email: 'bob@anytown.gov.uk', name: 'Bob Builder', groups: ['staff'] },
      vic: { email: 'vic@anytown.gov.uk', name: 'Vic Viewer', groups: ['qm-viewers'] },
      eve: { email: 'eve@elsewhere.example', name: 'Eve Outsider', groups: ['qm-admins'] },
      una: { email: 'una@anytown.gov.uk', name: 'Una Verified', emailVerified: false },
    },
  });
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
  plain = await insertOrganisation(t.testDb.db, 'Passwordshire Safeguarding Adults Board');
  await t.testDb.db
    .updateTable('organisation')
    .set({
      oidc_issuer: idp.issuer,
      oidc_client_id: idp.clientId,
      oidc_client_secret: idp.clientSecret,
      oidc_allowed_domains: 'anytown.gov.uk,anytown-council.gov.uk',
      oidc_role_claim: 'groups',
      oidc_admin_group: 'qm-admins',
      oidc_viewer_group: 'qm-viewers',
    })
    .where('id', '=', org.id)
    .execute();
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});
beforeEach(() => {
  skewMs = 0;
});

/** Starts at the app, returns the provider's authorization URL the app redirected to. */
async function start(client: Client, slug = org.slug) {
  const res = await client.post('/sign-in/single-sign-on', { partnership: slug });
  expect(res.statusCode).toBe(303);
  return res.headers.location as string;
}

/** The whole flow: app → provider login and consent → the app's callback. */
async function ssoSignIn(client: Client, login: string) {
  const callback = await signInAtProvider(await start(client), login, redirectUri);
  return client.get(`${callback.pathname}${callback.search}`);
}

const roleOf = (email: string) =>
  t.testDb.db
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['membership.role', 'user_account.id', 'user_account.name', 'user_account.password_hash'])
    .where('user_account.email', '=', email)
    .where('membership.organisation_id', '=', org.id)
    .executeTakeFirst();

const auditEvents = (action: string) =>
  t.testDb.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('seq').execute();

describe('starting single sign-on', () => {
  it('is linked from the sign-in page and offers only partnerships that have set it up', async () => {
    const client = new Client(t.app);
    const signIn = readPage((await client.get('/sign-in')).body);
    expect(signIn.root.querySelector('a[href="/sign-in/single-sign-on"]')).not.toBeNull();
    const res = await client.get('/sign-in/single-sign-on');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Sign in with your organisation’s account');
    const options = page.root.querySelectorAll('#partnership option').map((o) => o.getAttribute('value'));
    expect(options).toContain(org.slug);
    expect(options).not.toContain(plain.slug);
    // The form is redirected to the provider, so the page's CSP must allow the provider as a form target.
    expect(res.headers['content-security-policy']).toContain(`form-action 'self' ${idp.issuer}`);
  });

  it('sends people to the provider with PKCE (S256), state and nonce, in a signed short-lived cookie', async () => {
    const client = new Client(t.app);
    const res = await client.post('/sign-in/single-sign-on', { partnership: org.slug });
    expect(res.statusCode).toBe(303);
    const url = new URL(res.headers.location as string);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('client_id')).toBe(idp.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.searchParams.get('nonce')).toBeTruthy();
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(['openid', 'email', 'profile', 'groups']);
    const cookie = res.cookies.find((c) => c.name === 'qm_sso');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.maxAge).toBe(600);
    expect(cookie?.value).not.toContain(url.searchParams.get('state')); // signed and encoded, not readable as is
  });

  it('asks which partnership, GOV.UK style, when none is chosen', async () => {
    const res = await new Client(t.app).post('/sign-in/single-sign-on', { partnership: plain.slug });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Sign in with your organisation’s account – Quality Markers');
    expect(page.errorLinks).toEqual([{ text: 'Select your partnership', href: '#partnership' }]);
  });

  it('refuses a POST without a CSRF token with 403', async () => {
    const res = await new Client(t.app).post('/sign-in/single-sign-on', { partnership: org.slug }, { csrf: false });
    expect(res.statusCode).toBe(403);
  });
});

describe('signing in with single sign-on', () => {
  it('creates a member from the provider’s claims, with the role its groups give, and signs them in', async () => {
    const client = new Client(t.app);
    const res = await ssoSignIn(client, 'ada');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/work'); // no second factor asked for: the provider does MFA
    expect(client.cookies.has('qm_session')).toBe(true);
    expect(client.cookies.has('qm_sso')).toBe(false);

    const member = await roleOf('ada.lovelace@anytown.gov.uk');
    expect(member).toMatchObject({ role: 'admin', name: 'Ada Lovelace', password_hash: null });
    const account = readPage((await client.get('/account')).body);
    expect(account.text('.govuk-summary-list')).toContain('ada.lovelace@anytown.gov.uk');
    expect(account.text('.app-signed-in')).toContain(org.name);

    const signedIn = (await auditEvents('sign_in.succeeded')).filter((e) => e.user_id === member!.id);
    expect(signedIn.map((e) => JSON.parse(e.detail!) as unknown)).toEqual([{ method: 'sso' }]);
    expect(signedIn[0]?.organisation_id).toBe(org.id);
    expect((await auditEvents('member.added')).some((e) => e.object_id === member!.id)).toBe(true);
  });

  it('makes everyone else allowed a member, or a viewer from the viewer group', async () => {
    expect((await ssoSignIn(new Client(t.app), 'bob')).headers.location).toBe('/work');
    expect((await ssoSignIn(new Client(t.app), 'vic')).headers.location).toBe('/work');
    expect((await roleOf('bob@anytown.gov.uk'))?.role).toBe('member');
    expect((await roleOf('vic@anytown.gov.uk'))?.role).toBe('viewer');
  });

  it('changes the role when the person’s groups change', async () => {
    idp.accounts.set('gus', { email: 'gus@anytown-council.gov.uk', name: 'Gus', groups: ['qm-viewers'] });
    await ssoSignIn(new Client(t.app), 'gus');
    expect((await roleOf('gus@anytown-council.gov.uk'))?.role).toBe('viewer');
    idp.accounts.set('gus', { email: 'gus@anytown-council.gov.uk', name: 'Gus', groups: ['staff'] });
    const res = await ssoSignIn(new Client(t.app), 'gus');
    expect(res.headers.location).toBe('/work');
    const member = await roleOf('gus@anytown-council.gov.uk');
    expect(member?.role).toBe('member');
    const changed = (await auditEvents('member.role_changed')).filter((e) => e.object_id === member!.id);
    expect(changed.map((e) => JSON.parse(e.detail!) as unknown)).toEqual([{ from: 'viewer', to: 'member' }]);
  });

  it('lets an admin who signed in with single sign-on reach admin pages without setting up two-factor', async () => {
    const client = new Client(t.app);
    await ssoSignIn(client, 'ada');
    const res = await client.get('/admin/single-sign-on');
    expect(res.statusCode).toBe(200);
  });

  it('signs in an existing member with a password as the same person', async () => {
    const existing = await insertPerson(t.testDb.db, org.id, 'member', { email: 'pat@anytown.gov.uk' });
    idp.accounts.set('pat', { email: 'pat@anytown.gov.uk', name: 'Someone Else', groups: [] });
    const client = new Client(t.app);
    expect((await ssoSignIn(client, 'pat')).headers.location).toBe('/work');
    expect((await roleOf('pat@anytown.gov.uk'))?.id).toBe(existing.id);
  });

  it('refuses an email domain the partnership does not allow, and audits why without the address', async () => {
    const client = new Client(t.app);
    const res = await ssoSignIn(client, 'eve');
    expect(res.statusCode).toBe(403);
    expect(readPage(res.body).h1).toBe('You cannot use this account to sign in to this partnership');
    expect(client.cookies.has('qm_session')).toBe(false);
    expect(await roleOf('eve@elsewhere.example')).toBeUndefined();
    const rejected = await auditEvents('sso.rejected');
    const last = rejected.at(-1)!;
    expect(JSON.parse(last.detail!)).toEqual({ reason: 'domain_not_allowed' });
    expect(last.organisation_id).toBe(org.id);
    expect(JSON.stringify(rejected)).not.toContain('elsewhere');
  });

  it('refuses an email address the provider says is not verified', async () => {
    const res = await ssoSignIn(new Client(t.app), 'una');
    expect(res.statusCode).toBe(403);
    expect(JSON.parse((await auditEvents('sso.rejected')).at(-1)!.detail!)).toEqual({ reason: 'email_not_verified' });
  });

  it('refuses a callback whose state does not match the one the browser started with', async () => {
    const client = new Client(t.app);
    const callback = await signInAtProvider(await start(client), 'bob', redirectUri);
    callback.searchParams.set('state', 'forged-state-from-somewhere-else');
    const res = await client.get(`${callback.pathname}${callback.search}`);
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).h1).toBe('There is a problem with your sign-in');
    expect(client.cookies.has('qm_session')).toBe(false);
    expect(JSON.parse((await auditEvents('sso.rejected')).at(-1)!.detail!)).toEqual({ reason: 'state_mismatch' });
  });

  it('refuses a callback in a browser that did not start the sign-in, and a replayed one', async () => {
    const client = new Client(t.app);
    const callback = await signInAtProvider(await start(client), 'bob', redirectUri);
    const path = `${callback.pathname}${callback.search}`;
    const elsewhere = await new Client(t.app).get(path);
    expect(elsewhere.statusCode).toBe(400);
    expect(readPage(elsewhere.body).h1).toBe('Your sign-in has expired');
    expect((await client.get(path)).statusCode).toBe(303);
    expect((await client.get(path)).statusCode).toBe(400); // the first use cleared the transaction cookie
  });

  it('refuses a sign-in finished more than 10 minutes after it started', async () => {
    const client = new Client(t.app);
    const callback = await signInAtProvider(await start(client), 'bob', redirectUri);
    skewMs = 11 * 60 * 1000;
    const res = await client.get(`${callback.pathname}${callback.search}`);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse((await auditEvents('sso.rejected')).at(-1)!.detail!)).toEqual({ reason: 'expired' });
  });

  it('refuses someone whose membership was turned off', async () => {
    await insertPerson(t.testDb.db, org.id, 'member', { email: 'olive@anytown.gov.uk', disabled: true });
    idp.accounts.set('olive', { email: 'olive@anytown.gov.uk', name: 'Olive', groups: [] });
    const res = await ssoSignIn(new Client(t.app), 'olive');
    expect(res.statusCode).toBe(403);
    expect(readPage(res.body).h1).toBe('Your access to this partnership has been turned off');
  });

  it('will not sign in someone who also works in a partnership that does not trust this provider', async () => {
    await insertPerson(t.testDb.db, plain.id, 'admin', { email: 'max@anytown.gov.uk' });
    idp.accounts.set('max', { email: 'max@anytown.gov.uk', name: 'Max', groups: ['qm-admins'] });
    const client = new Client(t.app);
    const res = await ssoSignIn(client, 'max');
    expect(res.statusCode).toBe(403);
    expect(client.cookies.has('qm_session')).toBe(false);
    expect(JSON.parse((await auditEvents('sso.rejected')).at(-1)!.detail!)).toEqual({
      reason: 'other_partnerships',
    });
  });

  it('shows the provider refusing (the person cancelled) as a GOV.UK error page', async () => {
    const client = new Client(t.app);
    const authorization = new URL(await start(client));
    const res = await client.get(
      `/sign-in/single-sign-on/callback?error=access_denied&state=${authorization.searchParams.get('state')}`,
    );
    expect(res.statusCode).toBe(403);
    expect(readPage(res.body).h1).toBe('Your organisation’s sign-in service did not sign you in');
  });
});
