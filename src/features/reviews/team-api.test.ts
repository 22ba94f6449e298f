// The team through the API (issue 17 §4): GET, POST and DELETE /api/v1/reviews/{id}/team, with the team
// page's rules (active members of the partnership only, the last chair or business manager stays) and
// its audit events. Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, type Person } from '../../../test/helpers/client.js';
import { addToTeam } from '../../../test/helpers/reviews.js';
import { createToken } from '../accounts/tokens.service.js';

type Member = { memberId: string; userId: string; name: string; email: string; role: string };

let t: TestApp;
let orgId: string;
let reviewId: string;
let manager: Person;
let panel: Person;
let candidate: Person;
let stranger: Person;
let disabled: Person;
const tokens: Record<'manager' | 'managerRead' | 'panel' | 'observer' | 'other', string> = {
  manager: '',
  managerRead: '',
  panel: '',
  observer: '',
  other: '',
};

function api(token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
}
const teamUrl = () => `/api/v1/reviews/${reviewId}/team`;

async function teamRows() {
  return t.testDb.db
    .selectFrom('review_member')
    .select(['id', 'user_id', 'role'])
    .where('review_id', '=', reviewId)
    .orderBy('id')
    .execute();
}

async function auditOf(action: string) {
  return t.testDb.db
    .selectFrom('audit_event')
    .select(['user_id', 'detail'])
    .where('action', '=', action)
    .where('object_id', '=', reviewId)
    .execute();
}

/** An audit event's detail, stored as JSON text. */
const detailOf = (detail: unknown): unknown => (typeof detail === 'string' ? JSON.parse(detail) : detail);

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  orgId = org.id;
  manager = await insertPerson(db, org.id, 'member');
  panel = await insertPerson(db, org.id, 'member');
  const observer = await insertPerson(db, org.id, 'member');
  candidate = await insertPerson(db, org.id, 'member');
  disabled = await insertPerson(db, org.id, 'member', { disabled: true });
  stranger = await insertPerson(db, other.id, 'admin', { twoFactor: true });
  const noActor = { userId: null, organisationId: null, ip: null, userAgent: null };
  const token = async (person: Person, organisationId: string, scopes: ('read' | 'write')[]) =>
    (await createToken(db, { organisationId, userId: person.id, name: 't', scopes, expiresAt: null }, noActor)).token;
  tokens.manager = await token(manager, org.id, ['read', 'write']);
  tokens.managerRead = await token(manager, org.id, ['read']);
  tokens.panel = await token(panel, org.id, ['read', 'write']);
  tokens.observer = await token(observer, org.id, ['read', 'write']);
  tokens.other = await token(stranger, other.id, ['read', 'write']);

  const created = await api(tokens.manager, 'POST', '/api/v1/reviews', {
    reference: 'LCSPR 2026/70',
    title: 'Practice review after an injury to an infant',
    subjectPseudonym: 'Child A',
    type: 'local-cspr',
    frameworkKey: 'scr-quality-markers',
  });
  expect(created.statusCode, created.body).toBe(201);
  reviewId = created.json<{ id: string }>().id;
  await addToTeam(db, org.id, reviewId, [
    [panel, 'panel-member'],
    [observer, 'observer'],
  ]);
});
afterAll(async () => t.close());

describe('the team API', () => {
  it('lists the team to anyone on it, read-only tokens too', async () => {
    for (const token of [tokens.managerRead, tokens.panel, tokens.observer]) {
      const res = await api(token, 'GET', teamUrl());
      expect(res.statusCode).toBe(200);
      const team = res.json<{ team: Member[] }>().team;
      expect(team).toHaveLength(3);
      expect(team.find((m) => m.userId === manager.id)).toMatchObject({
        name: manager.name,
        email: manager.email,
        role: 'business-manager',
      });
      expect(team.find((m) => m.userId === panel.id)?.role).toBe('panel-member');
    }
  });

  it('refuses changes from a read-only token, a panel member and an observer (403), changing nothing', async () => {
    const before = await teamRows();
    const body = { email: candidate.email, role: 'panel-member' };
    const managerRow = before.find((r) => r.user_id === manager.id)!;
    for (const token of [tokens.managerRead, tokens.panel, tokens.observer]) {
      expect((await api(token, 'POST', teamUrl(), body)).statusCode).toBe(403);
      expect((await api(token, 'DELETE', `${teamUrl()}/${managerRow.id}`)).statusCode).toBe(403);
    }
    expect(await teamRows()).toEqual(before);
  });

  it('adds an active member of the partnership by email, audited as the team page does', async () => {
    const res = await api(tokens.manager, 'POST', teamUrl(), { email: candidate.email.toUpperCase(), role: 'chair' });
    expect(res.statusCode).toBe(201);
    const added = res.json<Member>();
    expect(added).toMatchObject({ userId: candidate.id, name: candidate.name, email: candidate.email, role: 'chair' });
    expect(res.headers.location).toBe(`${teamUrl()}/${added.memberId}`);
    expect((await teamRows()).find((r) => r.user_id === candidate.id)).toMatchObject({
      id: added.memberId,
      role: 'chair',
    });
    const events = await auditOf('review.member_added');
    expect(events.at(-1)?.user_id).toBe(manager.id);
    expect(detailOf(events.at(-1)?.detail)).toEqual({ userId: candidate.id, role: 'chair' });
  });

  it('refuses someone already on the team, not in the partnership, or disabled, and a bad body (400)', async () => {
    const before = await teamRows();
    for (const body of [
      { email: candidate.email, role: 'observer' },
      { email: stranger.email, role: 'observer' },
      { email: disabled.email, role: 'observer' },
      { email: 'nobody@example.org', role: 'observer' },
    ]) {
      const res = await api(tokens.manager, 'POST', teamUrl(), body);
      expect(res.statusCode, body.email).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toContain('email');
    }
    for (const body of [{ email: candidate.email, role: 'owner' }, { email: '', role: 'chair' }, { role: 'chair' }]) {
      expect((await api(tokens.manager, 'POST', teamUrl(), body)).statusCode).toBe(400);
    }
    expect(await teamRows()).toEqual(before);
  });

  it('removes a member, keeps the last chair or business manager (409), and answers 404 for one gone', async () => {
    const rows = await teamRows();
    const chairRow = rows.find((r) => r.user_id === candidate.id)!;
    const managerRow = rows.find((r) => r.user_id === manager.id)!;
    const removed = await api(tokens.manager, 'DELETE', `${teamUrl()}/${chairRow.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json<{ team: Member[] }>().team.map((m) => m.userId)).not.toContain(candidate.id);
    const events = await auditOf('review.member_removed');
    expect(detailOf(events.at(-1)?.detail)).toEqual({ userId: candidate.id, role: 'chair' });
    expect((await api(tokens.manager, 'DELETE', `${teamUrl()}/${chairRow.id}`)).statusCode).toBe(404);

    const last = await api(tokens.manager, 'DELETE', `${teamUrl()}/${managerRow.id}`);
    expect(last.statusCode).toBe(409);
    expect(last.json<{ error: { message: string } }>().error.message).toBe(
      'The review must keep at least one chair or business manager',
    );
    expect((await teamRows()).map((r) => r.id)).toContain(managerRow.id);
  });

  it('answers 404 to another partnership, for the review and for a member, changing nothing', async () => {
    const before = await teamRows();
    const someone = before[0]!.id;
    expect((await api(tokens.other, 'GET', teamUrl())).statusCode).toBe(404);
    expect((await api(tokens.other, 'POST', teamUrl(), { email: stranger.email, role: 'chair' })).statusCode).toBe(404);
    expect((await api(tokens.other, 'DELETE', `${teamUrl()}/${someone}`)).statusCode).toBe(404);
    expect((await api(tokens.manager, 'GET', '/api/v1/reviews/no-such-review/team')).statusCode).toBe(404);
    expect((await api(tokens.manager, 'DELETE', `${teamUrl()}/no-such-member`)).statusCode).toBe(404);
    expect(await teamRows()).toEqual(before);
    expect(orgId).toBeTruthy();
  });
});
