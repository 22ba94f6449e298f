import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

async function partnershipWithAdmin(name: string) {
  const org = await insertOrganisation(t.testDb.db, name);
  const admin = await insertPerson(t.testDb.db, org.id, 'admin', { twoFactor: true });
  return { org, admin, client: await signedInClient(t.app, t.testDb.db, admin, org.id) };
}

describe('partnership settings', () => {
  it('shows the current settings', async () => {
    const { org, client } = await partnershipWithAdmin('Anytown Safeguarding Children Partnership');
    const page = readPage((await client.get('/admin/settings')).body);
    expect(page.h1).toBe('Partnership settings');
    expect(page.root.querySelector('#name')?.getAttribute('value')).toBe(org.name);
    expect(page.root.querySelector('input[name="requireTwoFactor"][value="no"]')?.hasAttribute('checked')).toBe(true);
  });

  it('renames the partnership and requires two-factor for everyone, with an audit event', async () => {
    const { org, client } = await partnershipWithAdmin('Oldname Safeguarding Children Partnership');
    // A password (not single sign-on only): two-factor is then this service's to require.
    const member = await insertPerson(t.testDb.db, org.id, 'member', { passwordHash: 'scrypt$not-a-real-hash' });
    const memberClient = await signedInClient(t.app, t.testDb.db, member, org.id);
    expect((await memberClient.get('/partnerships')).statusCode).toBe(200);

    const res = await client.post('/admin/settings', {
      name: 'Newname Safeguarding Partnership',
      requireTwoFactor: 'yes',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/settings?saved=1');
    const page = readPage((await client.get(res.headers.location!)).body);
    expect(page.text('.govuk-notification-banner')).toContain('Settings saved.');
    expect(page.text('.app-signed-in')).toContain('Newname Safeguarding Partnership');
    expect(page.root.querySelector('input[name="requireTwoFactor"][value="yes"]')?.hasAttribute('checked')).toBe(true);

    const audit = await t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('organisation_id', '=', org.id)
      .execute();
    expect(audit).toContainEqual({
      action: 'organisation.settings_changed',
      detail: JSON.stringify({ fields: 'name,require_two_factor' }),
    });
    // The member has no two-factor yet: they must set it up before anything else.
    const after = await memberClient.get('/partnerships');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/account/two-factor');
  });

  it('shows GOV.UK errors and keeps the input', async () => {
    const { client } = await partnershipWithAdmin('Errors Safeguarding Partnership');
    const res = await client.post('/admin/settings', { name: 'x'.repeat(121) });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Partnership settings – Quality Markers');
    expect(page.errorLinks).toEqual([
      { text: 'Partnership name must be 120 characters or fewer', href: '#name' },
      { text: 'Select yes if everyone must use two-factor authentication', href: '#requireTwoFactor' },
    ]);
    expect(page.root.querySelector('#name')?.getAttribute('value')).toBe('x'.repeat(121));
  });

  it('changes only the admin’s own partnership', async () => {
    const a = await partnershipWithAdmin('Alpha Safeguarding Partnership');
    const b = await partnershipWithAdmin('Beta Safeguarding Partnership');
    await a.client.post('/admin/settings', { name: 'Alpha Renamed', requireTwoFactor: 'no', organisationId: b.org.id });
    const names = await t.testDb.db
      .selectFrom('organisation')
      .select('name')
      .where('id', 'in', [a.org.id, b.org.id])
      .orderBy('name')
      .execute();
    expect(names.map((n) => n.name)).toEqual(['Alpha Renamed', 'Beta Safeguarding Partnership']);
  });
});
