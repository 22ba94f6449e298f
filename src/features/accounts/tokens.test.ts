import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  type Client,
  insertOrganisation,
  insertPerson,
  signedInClient,
  type Person,
} from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import type { ApiError } from '../../../test/helpers/api-json.js';

let clock = new Date();
let t: TestApp;
let org: { id: string; slug: string; name: string };

beforeAll(async () => {
  t = await buildTestApp({ clock: () => clock });
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
});
afterAll(async () => t.close());

async function personAndClient(role: Person['role'] = 'member') {
  const person = await insertPerson(t.testDb.db, org.id, role, { twoFactor: role === 'admin' });
  return { person, client: await signedInClient(t.app, t.testDb.db, person, org.id) };
}

/** Creates a token through the form; returns the page, and the token shown on it. */
async function createToken(client: Client, fields: Record<string, string | string[]>) {
  const res = await client.post('/account/tokens/new', fields);
  const page = readPage(res.body);
  return { res, page, token: page.root.querySelector('#token')?.getAttribute('value') ?? '' };
}

const me = (token: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

const bearerPost = (url: string, token: string) =>
  t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: {} });

async function tokenId(name: string) {
  const row = await t.testDb.db.selectFrom('api_token').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

describe('API tokens', () => {
  it('are created, shown once, used as a bearer token, audited and revoked', async () => {
    const { person, client } = await personAndClient('member');
    const empty = readPage((await client.get('/account/tokens')).body);
    expect(empty.h1).toBe('API tokens');
    expect(empty.text('main')).toContain('You have no API tokens in Anytown Safeguarding Children Partnership');

    const form = readPage((await client.get('/account/tokens/new')).body);
    expect(form.h1).toBe('Create an API token');
    expect(form.all('input[name="expiry"]').length).toBe(4);

    const { res, page, token } = await createToken(client, {
      name: 'Reporting dashboard',
      scopes: ['read', 'write'],
      expiry: '90',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(page.title).toBe('Token created – Quality Markers');
    expect(page.text('main')).toContain('Copy this token now: you will not see it again');
    expect(token).toMatch(/^qm_[A-Za-z0-9_-]{43}$/);

    const list = await client.get('/account/tokens');
    expect(list.body).not.toContain(token);
    const row = readPage(list.body).all('tbody tr')[0];
    expect(row).toContain('Reporting dashboard');
    expect(row).toContain('Read and write');
    expect(row).toContain('Active');
    expect(row).toContain('Not used yet');

    const used = await me(token);
    expect(used.statusCode).toBe(200);
    expect(used.json()).toEqual({
      user: { id: person.id, email: person.email, name: person.name },
      partnership: { slug: org.slug, name: org.name },
      role: 'member',
      scopes: ['read', 'write'],
    });
    const id = await tokenId('Reporting dashboard');
    const audit = await t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'user_id', 'organisation_id'])
      .where('object_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'api_token.created', user_id: person.id, organisation_id: org.id },
      { action: 'api_token.used', user_id: person.id, organisation_id: org.id },
    ]);
    expect(readPage((await client.get('/account/tokens')).body).all('tbody tr')[0]).not.toContain('Not used yet');

    const revoked = await client.post(`/account/tokens/${id}/revoke`);
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe('/account/tokens?revoked=1');
    const after = readPage((await client.get(revoked.headers.location!)).body);
    expect(after.text('.govuk-notification-banner')).toContain('Token revoked');
    expect(after.all('tbody tr')[0]).toContain('Revoked');
    expect(after.root.querySelectorAll(`form[action="/account/tokens/${id}/revoke"]`)).toHaveLength(0);

    const refused = await me(token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual({ error: { status: 401, message: 'Authentication required: send a bearer token' } });
    expect((await client.post(`/account/tokens/${id}/revoke`)).statusCode).toBe(404);
  });

  it('explain what is missing, GOV.UK style, keeping what was typed', async () => {
    const { client } = await personAndClient('member');
    const none = await client.post('/account/tokens/new', {});
    expect(none.statusCode).toBe(400);
    const page = readPage(none.body);
    expect(page.title).toBe('Error: Create an API token – Quality Markers');
    expect(page.errorLinks).toEqual([
      { text: 'Enter a name for the token', href: '#name' },
      { text: 'Select what the token can do', href: '#scopes' },
      { text: 'Select when the token expires', href: '#expiry' },
    ]);
    const some = readPage((await client.post('/account/tokens/new', { name: 'Sync', scopes: 'write' })).body);
    expect(some.errorLinks.map((e) => e.text)).toEqual(['Select when the token expires']);
    expect(some.root.querySelector('#name')?.getAttribute('value')).toBe('Sync');
    expect(some.root.querySelector('input[value="write"]')?.hasAttribute('checked')).toBe(true);
    const long = readPage((await client.post('/account/tokens/new', { name: 'x'.repeat(101) })).body);
    expect(long.errorLinks[0]?.text).toBe('Token name must be 100 characters or fewer');
  });

  it('are read-only for viewers', async () => {
    const { client } = await personAndClient('viewer');
    const refused = await client.post('/account/tokens/new', { name: 'Viewer sync', scopes: 'write', expiry: '30' });
    expect(refused.statusCode).toBe(400);
    expect(readPage(refused.body).errorLinks).toEqual([
      { text: 'Viewers can only create read-only tokens', href: '#scopes' },
    ]);
    const { token } = await createToken(client, { name: 'Viewer read', scopes: 'read', expiry: 'never' });
    const res = await me(token);
    expect(res.json()).toMatchObject({ role: 'viewer', scopes: ['read'] });
  });

  it('without the write scope may read but not change anything', async () => {
    const { client } = await personAndClient('member');
    const { token } = await createToken(client, { name: 'Read only', scopes: 'read', expiry: '365' });
    const ok = await me(token);
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ scopes: string[] }>().scopes).toEqual(['read']);
    const write = await bearerPost('/api/v1/reviews', token);
    expect(write.statusCode).toBe(403);
    expect(write.json<ApiError>().error.message).toBe('This token is read-only: it needs the write scope');
  });

  it('cannot manage tokens: the token pages, like every page, refuse a bearer token', async () => {
    const { client } = await personAndClient('member');
    const { token } = await createToken(client, { name: 'Writer', scopes: ['read', 'write'], expiry: '30' });
    const id = await tokenId('Writer');
    const res = await bearerPost(`/account/tokens/${id}/revoke`, token);
    expect(res.statusCode).toBe(401);
    expect(readPage(res.body).text('main')).toContain('Bearer tokens work only for the API');
    const list = await t.app.inject({
      method: 'GET',
      url: '/account/tokens',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.statusCode).toBe(401);
    expect((await me(token)).statusCode).toBe(200);
  });

  it('stop working when they expire', async () => {
    const { client } = await personAndClient('member');
    const { token } = await createToken(client, { name: 'Thirty days', scopes: 'read', expiry: '30' });
    const start = clock;
    try {
      clock = new Date(start.getTime() + 30 * 86_400_000 - 60_000);
      expect((await me(token)).statusCode).toBe(200);
      clock = new Date(start.getTime() + 30 * 86_400_000 + 1000);
      expect((await me(token)).statusCode).toBe(401);
    } finally {
      clock = start;
    }
    expect(readPage((await client.get('/account/tokens')).body).all('tbody tr')[0]).toContain('Active');
  });

  it('stop working when their owner is disabled', async () => {
    const { person, client } = await personAndClient('member');
    const { token } = await createToken(client, { name: 'Leaver', scopes: 'read', expiry: 'never' });
    expect((await me(token)).statusCode).toBe(200);
    await t.testDb.db
      .updateTable('membership')
      .set({ disabled_at: new Date().toISOString() })
      .where('user_id', '=', person.id)
      .execute();
    expect((await me(token)).statusCode).toBe(401);
  });

  it('belong to one person: another cannot see or revoke them', async () => {
    const owner = await personAndClient('member');
    await createToken(owner.client, { name: 'Mine alone', scopes: 'read', expiry: '30' });
    const id = await tokenId('Mine alone');
    const other = await personAndClient('admin');
    expect((await other.client.get('/account/tokens')).body).not.toContain('Mine alone');
    expect((await other.client.post(`/account/tokens/${id}/revoke`)).statusCode).toBe(404);
  });

  it('refuse form posts without a CSRF token', async () => {
    const { client } = await personAndClient('member');
    const created = await client.post(
      '/account/tokens/new',
      { name: 'Forged', scopes: 'read', expiry: '30' },
      { csrf: false },
    );
    expect(created.statusCode).toBe(403);
    await createToken(client, { name: 'Target', scopes: 'read', expiry: '30' });
    const id = await tokenId('Target');
    expect((await client.post(`/account/tokens/${id}/revoke`, {}, { csrf: false })).statusCode).toBe(403);
    expect(readPage((await client.get('/account/tokens')).body).all('tbody tr')[0]).toContain('Active');
  });

  it('need a signed-in person', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/account/tokens' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Faccount%2Ftokens');
  });
});
