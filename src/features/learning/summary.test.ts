import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { apiToken, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { newId } from '../../lib/ids.js';
import { seedDemo } from '../demo/demo.service.js';
import { createOrganisation } from '../organisations/organisations.service.js';
import { refreshLearningSummary } from './summary.service.js';

// A partnership admin's dashboard is added up from learning_summary, which triggers and the first reader
// keep in step; someone on a review's team is counted from the reviews themselves. Here a member on every
// review's team sees every review too, so the two pages must say the same, before and after writes made
// straight to the tables (as an import or another feature would), including open actions due in an earlier
// year, an earlier month of this year and earlier this month (the three ranges of the overdue count).
// Sessions are made with the real time, so the app's day is not after it.
const TODAY = new Date('2026-12-07T12:00:00.000Z');
let t: TestApp;
let admin: Client;
let member: Client;
let adminToken: string;
let memberToken: string;
let orgId: string;
const db = () => t.testDb.db;

beforeAll(async () => {
  t = await buildTestApp({ clock: () => TODAY });
  const system = { userId: null, organisationId: null, ip: null, userAgent: null };
  const org = await createOrganisation(db(), { name: 'Summary Partnership', kind: 'both' }, system);
  orgId = org.id;
  const [a, m] = await Promise.all([
    insertPerson(db(), org.id, 'admin', { twoFactor: true }),
    insertPerson(db(), org.id, 'member', { twoFactor: true }),
  ]);
  await seedDemo(db(), org, { reviews: 24, seed: 11, asOf: '2026-12-01' }, system);
  await onEveryTeam(m.id);
  admin = await signedInClient(t.app, db(), a, org.id);
  member = await signedInClient(t.app, db(), m, org.id);
  [adminToken, memberToken] = await Promise.all([
    apiToken(db(), org.id, a.id, ['read']),
    apiToken(db(), org.id, m.id, ['read']),
  ]);
});
afterAll(async () => t.close());

async function onEveryTeam(userId: string) {
  const reviews = await db().selectFrom('review').select('id').where('organisation_id', '=', orgId).execute();
  await db()
    .insertInto('review_member')
    .values(
      reviews.map((r) => ({
        id: newId(),
        organisation_id: orgId,
        review_id: r.id,
        user_id: userId,
        role: 'observer' as const,
        created_at: TODAY.toISOString(),
      })),
    )
    .execute();
}

const QUERIES = [
  '',
  'round=planning',
  'round=in-review',
  'round=retrospective',
  'type=sar',
  'type=local-cspr&round=planning',
  'status=complete',
  'decided=2025',
  'published=2026',
  'framework=scr-quality-markers',
  'page=2',
];

/** The dashboard's main content as a person sees it. */
async function shown(client: Client, query: string) {
  const res = await client.get(`/learning${query ? `?${query}` : ''}`);
  expect(res.statusCode, query).toBe(200);
  return readPage(res.body).root.querySelector('main')!.innerHTML;
}
async function api(token: string, path: string) {
  const res = await t.app.inject({ url: path, headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode, path).toBe(200);
  return res.json<unknown>();
}

async function expectTheSame() {
  for (const query of QUERIES) expect(await shown(admin, query), query).toBe(await shown(member, query));
  for (const path of ['/api/v1/learning/markers?purpose=retrospective', '/api/v1/learning/themes']) {
    expect(await api(adminToken, path), path).toEqual(await api(memberToken, path));
  }
}

describe('the learning summary', () => {
  it('gives a partnership admin the same figures as counting every review, after any write', async () => {
    const first = readPage(await admin.get('/learning').then((r) => r.body));
    expect(first.text('#themes-table')).toMatch(/\d/);
    expect(first.all('#action-figures .govuk-summary-list__value').map(Number)[1]).toBeGreaterThan(0);
    await expectTheSame();

    // Each kind of write on a review of its own, so that a write whose trigger is missing shows.
    const used = new Set<string>();
    const take = <T extends { review_id: string }>(rows: T[]) => {
      const row = rows.find((r) => !used.has(r.review_id))!;
      used.add(row.review_id);
      return row;
    };
    const reviews = await db()
      .selectFrom('review')
      .select(['id as review_id', 'framework_key'])
      .where('organisation_id', '=', orgId)
      .orderBy('reference')
      .execute();
    const rounds = await db()
      .selectFrom('assessment_round')
      .select(['id', 'review_id', 'status'])
      .where('organisation_id', '=', orgId)
      .orderBy('id')
      .execute();
    const themed = await db()
      .selectFrom('finding')
      .innerJoin('finding_theme as ft', 'ft.finding_id', 'finding.id')
      .innerJoin('action', 'action.finding_id', 'finding.id')
      .select(['finding.id', 'finding.review_id', 'action.id as action_id'])
      .where('finding.organisation_id', '=', orgId)
      .orderBy('finding.id')
      .execute();
    const actionsOf = async (reviewId: string) =>
      (await db().selectFrom('action').select('id').where('review_id', '=', reviewId).orderBy('id').execute()).map(
        (a) => a.id,
      );

    const moved = take(themed);
    await db()
      .updateTable('finding')
      .set({ created_at: '2023-05-05T10:00:00.000Z' })
      .where('id', '=', moved.id)
      .execute();
    const unthemed = take(themed);
    await db().deleteFrom('finding_theme').where('finding_id', '=', unthemed.id).execute();
    const late = take(themed);
    const due = ['2025-02-10', '2026-04-30', '2026-12-03', '2026-12-07', '2027-01-20'];
    for (const [i, id] of (await actionsOf(late.review_id)).slice(0, due.length).entries()) {
      const status = i % 2 ? ('in-progress' as const) : ('not-started' as const);
      await db().updateTable('action').set({ status, due_date: due[i]! }).where('id', '=', id).execute();
    }
    const [done, evaluated, gone] = await actionsOf(take(themed).review_id);
    await db()
      .updateTable('action')
      .set({ status: 'completed', impact_what_changed: '' })
      .where('id', '=', done!)
      .execute();
    await db()
      .updateTable('action')
      .set({ status: 'completed', impact_how_we_know: 'Audit' })
      .where('id', '=', evaluated ?? done!)
      .execute();
    await db()
      .deleteFrom('action')
      .where('id', '=', gone ?? done!)
      .execute();

    const opened = take(rounds.filter((r) => r.status !== 'approved'));
    await db().updateTable('assessment_round').set({ status: 'approved' }).where('id', '=', opened.id).execute();
    const judged = take(rounds.filter((r) => r.status === 'approved'));
    await db().updateTable('marker_record').set({ judgement: 'not-met' }).where('round_id', '=', judged.id).execute();
    await db().deleteFrom('assessment_round').where('id', '=', take(rounds).id).execute();

    await db()
      .updateTable('review')
      .set({ status: 'complete', decision_date: '2024-06-01' })
      .where('id', '=', take(reviews).review_id)
      .execute();
    await db().deleteFrom('publication').where('review_id', '=', take(reviews).review_id).execute();
    await db()
      .insertInto('publication')
      .values({
        id: newId(),
        organisation_id: orgId,
        review_id: take(reviews).review_id,
        decision: null,
        decision_reasons: '',
        decided_by: null,
        decided_on: null,
        legal_check_on: null,
        legal_check_by: null,
        family_told_on: null,
        copies_sent_on: null,
        embargo_until: null,
        published_on: '2026-03-01',
        published_url: null,
        online_until: null,
        deposited_on: null,
        version: 1,
        updated_at: TODAY.toISOString(),
        updated_by: null,
      })
      .onConflict((oc) => oc.column('review_id').doUpdateSet({ published_on: '2026-03-01' }))
      .execute();
    await db().deleteFrom('review').where('id', '=', take(reviews).review_id).execute();
    const other = take(reviews);
    await db()
      .updateTable('review')
      .set({
        framework_key: other.framework_key === 'sar-quality-markers' ? 'scr-quality-markers' : 'sar-quality-markers',
      })
      .where('id', '=', other.review_id)
      .execute();
    const marks = await db()
      .selectFrom('learning_stale')
      .select('review_id')
      .where('organisation_id', '=', orgId)
      .execute();
    expect(marks.length).toBeGreaterThan(5);
    // Two readers at once (on PostgreSQL, two connections): each review is folded in once.
    await Promise.all([refreshLearningSummary(db(), orgId), refreshLearningSummary(db(), orgId)]);
    await expectTheSame();
    expect(
      await db().selectFrom('learning_stale').select('review_id').where('organisation_id', '=', orgId).execute(),
    ).toEqual([]);
    // Rows a write took to zero are dropped, and none is below it.
    const empty = await db().selectFrom('learning_summary').select('fact').where('n', '<=', 0).execute();
    expect(empty).toEqual([]);
  });
});
