import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { apiToken, createSession, insertOrganisation, insertPerson, type Person } from '../../test/helpers/client.js';

let t: TestApp;
let org: { id: string; slug: string; name: string };
let admin: Person;
let member: Person;
let adminToken: string;
let adminSession: string;

/** An API token of the person with both scopes, as the tokens page would make it. */
const insertToken = (person: Person) => apiToken(t.testDb.db, org.id, person.id);

beforeAll(async () => {
  t = await buildTestApp();
  org = await insertOrganisation(t.testDb.db, 'Anytown Safeguarding Children Partnership');
  admin = await insertPerson(t.testDb.db, org.id, 'admin', { twoFactor: true });
  member = await insertPerson(t.testDb.db, org.id, 'member');
  adminToken = await insertToken(admin);
  adminSession = await createSession(t.testDb.db, admin, org.id);
});
afterAll(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('bearer tokens', () => {
  it('work for the API', async () => {
    const res = await get('/api/v1/me', { authorization: `Bearer ${adminToken}` });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ user: { email: string } }>().user.email).toBe(admin.email);
  });

  it.each([
    ['partnership administration', '/admin/people'],
    ['a person in the partnership', `/admin/people/${'{member}'}`],
    ['the account page', '/account'],
    ['the reviews', '/reviews'],
    ['a public page', '/sign-in'],
    ['the API documentation (a page, not the API)', '/api/docs'],
    ['an unknown page', '/no-such-page'],
    ['an API look-alike outside /api/v1', '/api/v1x/me'],
  ])('are refused with 401 on %s', async (_name, path) => {
    const url = path.replace('{member}', member.id);
    const res = await get(url, { authorization: `Bearer ${adminToken}` });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Bearer tokens work only for the API (/api/v1)');
    expect(res.body).not.toContain(admin.email);
  });

  it('are refused on a page even with a valid session beside them, and in any letter case', async () => {
    const withSession = await get('/admin/people', {
      authorization: `Bearer ${adminToken}`,
      cookie: `qm_session=${adminSession}`,
    });
    expect(withSession.statusCode).toBe(401);
    // The same session alone opens the page: the token is what is refused.
    expect((await get('/admin/people', { cookie: `qm_session=${adminSession}` })).statusCode).toBe(200);
    expect((await get('/admin/people', { authorization: `bEaReR ${adminToken}` })).statusCode).toBe(401);
    expect((await get('/admin/people', { authorization: 'Bearer' })).statusCode).toBe(401);
  });

  it('cannot make a password-reset link for a member', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/admin/people/${member.id}/password-reset`,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(res.statusCode).toBe(401);
    const links = await t.testDb.db.selectFrom('one_time_link').select('id').where('user_id', '=', member.id).execute();
    expect(links).toEqual([]);
  });

  it('leave pages without an Authorization header as they were', async () => {
    expect((await get('/api/docs')).statusCode).toBe(200);
    expect((await get('/sign-in')).statusCode).toBe(200);
  });
});
