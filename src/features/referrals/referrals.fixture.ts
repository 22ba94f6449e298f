import { expect } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient } from '../../../test/helpers/client.js';
import { addToTeam, reviewRow } from '../../../test/helpers/reviews.js';
import { createToken } from '../accounts/tokens.service.js';

/** Wednesday 8 April 2026, 10am in England. */
export const TODAY = new Date('2026-04-08T09:00:00Z');

/** The date input fields of a form for ISO dates, by input name. */
export function dateFields(dates: Record<string, string>) {
  const fields: Record<string, string> = {};
  for (const [name, iso] of Object.entries(dates)) {
    const [year, month, day] = iso.split('-');
    Object.assign(fields, { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });
  }
  return fields;
}

/**
 * Partnership A with an admin, a business manager and a panel member (both members, on one existing
 * review) and a viewer; partnership B with its admin. Sessions for each, and bearer tokens.
 */
export async function buildReferralsWorld() {
  const t = await buildTestApp({ clock: () => TODAY });
  const db = t.testDb.db;
  const a = await insertOrganisation(db, 'Anytown Safeguarding Partnership');
  const b = await insertOrganisation(db, 'Otherton Safeguarding Partnership');
  const people = {
    admin: await insertPerson(db, a.id, 'admin', { twoFactor: true }),
    manager: await insertPerson(db, a.id, 'member'),
    panel: await insertPerson(db, a.id, 'member'),
    viewer: await insertPerson(db, a.id, 'viewer'),
    other: await insertPerson(db, b.id, 'admin', { twoFactor: true }),
  };
  const existing = reviewRow(a.id, { reference: 'EXISTING 1' });
  await db.insertInto('review').values(existing).execute();
  await addToTeam(db, a.id, existing.id, [
    [people.manager, 'business-manager'],
    [people.panel, 'panel-member'],
    [people.viewer, 'observer'],
  ]);
  const orgOf = (who: keyof typeof people) => (who === 'other' ? b.id : a.id);
  const client = (who: keyof typeof people) => signedInClient(t.app, db, people[who], orgOf(who));
  const clients = {
    admin: await client('admin'),
    manager: await client('manager'),
    panel: await client('panel'),
    viewer: await client('viewer'),
    other: await client('other'),
  };
  const noActor = { userId: null, organisationId: null, ip: null, userAgent: null };
  const token = async (who: keyof typeof people, scopes: ('read' | 'write')[]) =>
    (
      await createToken(
        db,
        { organisationId: orgOf(who), userId: people[who].id, name: 'test', scopes, expiresAt: null },
        noActor,
      )
    ).token;
  const tokens = {
    admin: await token('admin', ['read', 'write']),
    manager: await token('manager', ['read', 'write']),
    panel: await token('panel', ['read', 'write']),
    viewer: await token('viewer', ['read']),
    other: await token('other', ['read', 'write']),
  };
  function api(who: keyof typeof tokens, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) {
    return t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${tokens[who]}` } });
  }
  return { t, db, orgA: a, orgB: b, people, clients, api };
}

/** Records a referral through the form, as the partnership's business manager; its page's address. */
export async function recordReferral(
  w: Awaited<ReturnType<typeof buildReferralsWorld>>,
  fields: Record<string, string>,
): Promise<string> {
  const res = await w.clients.manager.post('/referrals/new', fields);
  expect(res.statusCode, res.body).toBe(303);
  return (res.headers.location as string).replace(/\?.*$/, '');
}
