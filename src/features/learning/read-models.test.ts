import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { apiToken, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { newId } from '../../lib/ids.js';
import { seedDemo } from '../demo/demo.service.js';
import { createOrganisation } from '../organisations/organisations.service.js';
import { clockContexts, REVIEW_TYPES, timescalesFor } from '../reviews/reviews.service.js';

// The dashboard counts from read models (review_clock_step, round_judgements) that triggers keep in step.
// Here every write goes straight to the tables, as an import or another feature would, and the figures are
// checked against the review page's own clock evaluation and a plain count of the marker records.
const TODAY = new Date('2026-12-07T12:00:00.000Z');
const today = '2026-12-07';
let t: TestApp;
let admin: Client;
let token: string;
let orgId: string;
const db = () => t.testDb.db;

beforeAll(async () => {
  t = await buildTestApp({ clock: () => TODAY });
  const system = { userId: null, organisationId: null, ip: null, userAgent: null };
  const org = await createOrganisation(db(), { name: 'Read Models Partnership', kind: 'both' }, system);
  orgId = org.id;
  const person = await insertPerson(db(), org.id, 'admin', { twoFactor: true });
  await seedDemo(db(), org, { reviews: 24, seed: 7, asOf: '2026-12-01' }, system);
  admin = await signedInClient(t.app, db(), person, org.id);
  token = await apiToken(db(), org.id, person.id, ['read']);
});
afterAll(async () => t.close());

/** The timeliness table as the review pages would count it: every review's clocks evaluated today. */
async function expectedTimeliness() {
  const [reviews, contextOf] = await Promise.all([
    db().selectFrom('review').selectAll().where('organisation_id', '=', orgId).execute(),
    clockContexts(db(), orgId),
  ]);
  const rows = new Map<string, number[]>();
  for (const review of reviews) {
    for (const s of timescalesFor(review, today, contextOf(review.id))) {
      const k =
        s.status === 'missed'
          ? 2
          : s.status === 'overdue'
            ? 3
            : s.status === 'met'
              ? s.done! > s.originalDue!
                ? 1
                : 0
              : -1;
      if (k < 0 || !s.originalDue) continue;
      const label = `${REVIEW_TYPES[review.type]}, ${s.originalDue.slice(0, 4)}`;
      const counts = rows.get(label) ?? [0, 0, 0, 0];
      counts[k]! += 1;
      rows.set(label, counts);
    }
  }
  return [...rows.entries()].sort(([a], [b]) => a.localeCompare(b));
}

async function shownTimeliness() {
  const res = await admin.get('/learning');
  expect(res.statusCode).toBe(200);
  return readPage(res.body)
    .root.querySelectorAll('#chart-timeliness-table tbody tr')
    .map((tr) => tr.querySelectorAll('th, td').map((c) => c.text.trim()))
    .filter(([label]) => label !== 'Total')
    .map(([label, ...n]) => [label!, n.slice(0, 4).map(Number)] as const)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The counts of the latest approved round of each review, straight from the marker records. */
async function expectedMarkers() {
  const rounds = await db()
    .selectFrom('assessment_round as r')
    .innerJoin('review', 'review.id', 'r.review_id')
    .select(['r.id', 'r.review_id', 'r.number', 'review.framework_key'])
    .where('r.organisation_id', '=', orgId)
    .where('r.status', '=', 'approved')
    .execute();
  const latest = new Map<string, (typeof rounds)[number]>();
  for (const r of rounds) if ((latest.get(r.review_id)?.number ?? 0) < r.number) latest.set(r.review_id, r);
  const records = await db()
    .selectFrom('marker_record')
    .select(['round_id', 'marker_key', 'judgement'])
    .where('organisation_id', '=', orgId)
    .execute();
  const frameworkOf = new Map([...latest.values()].map((r) => [r.id, r.framework_key]));
  const counts = new Map<string, number>();
  for (const r of records) {
    const fw = frameworkOf.get(r.round_id);
    if (fw)
      counts.set(`${fw} ${r.marker_key} ${r.judgement}`, (counts.get(`${fw} ${r.marker_key} ${r.judgement}`) ?? 0) + 1);
  }
  return { reviews: latest.size, counts: [...counts.entries()].sort() };
}

async function shownMarkers() {
  const res = await t.app.inject({ url: '/api/v1/learning/markers', headers: { authorization: `Bearer ${token}` } });
  expect(res.statusCode).toBe(200);
  const body = res.json<{
    reviews: number;
    markers: { key: string; framework: string; counts: Record<string, number> }[];
  }>();
  const counts = body.markers.flatMap((m) =>
    Object.entries(m.counts)
      .filter(([, n]) => n > 0)
      .map(([j, n]) => [`${m.framework} ${m.key} ${j}`, n] as [string, number]),
  );
  return { reviews: body.reviews, counts: counts.sort() };
}

describe('the learning read models', () => {
  it('count statutory steps as the review pages do, after any change to dates, type, extensions, pauses or target', async () => {
    const before = await expectedTimeliness();
    expect(before.length).toBeGreaterThan(1);
    expect(await shownTimeliness()).toEqual(before);

    const reviews = await db()
      .selectFrom('review')
      .select(['id', 'type'])
      .where('organisation_id', '=', orgId)
      .where('notification_date', 'is not', null)
      .orderBy('reference')
      .execute();
    const [a, b, c, d] = reviews;
    await db()
      .updateTable('review')
      .set({ rapid_review_date: null, notification_date: '2026-11-02' })
      .where('id', '=', a!.id)
      .execute();
    const change = {
      organisation_id: orgId,
      reason: 'Test',
      created_at: TODAY.toISOString(),
      created_by: null,
      agreed_by: null,
      agreed_on: null,
      new_due_date: null,
      paused_from: null,
      paused_to: null,
    };
    await db()
      .insertInto('review_clock_change')
      .values([
        {
          ...change,
          id: newId(),
          review_id: b!.id,
          clock_key: 'rapid-review',
          kind: 'extension',
          new_due_date: '2030-01-01',
          agreed_by: 'the Panel',
          agreed_on: '2026-01-01',
        },
        {
          ...change,
          id: newId(),
          review_id: c!.id,
          clock_key: 'notification',
          kind: 'pause',
          paused_from: '2020-01-01',
        },
        {
          ...change,
          id: newId(),
          review_id: d!.id,
          clock_key: 'rapid-review',
          kind: 'pause',
          paused_from: '2020-01-01',
        },
      ])
      .execute();
    await db()
      .updateTable('review')
      .set({ type: 'sar', referral_date: '2025-01-01' })
      .where('id', '=', c!.id)
      .execute();
    await db().updateTable('organisation').set({ sar_target_months: 2 }).where('id', '=', orgId).execute();
    await db().deleteFrom('review').where('id', '=', d!.id).execute();
    const after = await expectedTimeliness();
    expect(after).not.toEqual(before);
    expect(await shownTimeliness()).toEqual(after);
  });

  it('count the judgements of the chosen rounds after records are changed, added or removed', async () => {
    const before = await expectedMarkers();
    expect(before.reviews).toBeGreaterThan(5);
    expect(await shownMarkers()).toEqual(before);

    const approved = await db()
      .selectFrom('assessment_round')
      .select(['id', 'review_id'])
      .where('organisation_id', '=', orgId)
      .where('status', '=', 'approved')
      .orderBy('id')
      .execute();
    const [first, second, third] = approved;
    await db().updateTable('marker_record').set({ judgement: 'not-met' }).where('round_id', '=', first!.id).execute();
    await db()
      .deleteFrom('marker_record')
      .where('round_id', '=', second!.id)
      .where('marker_key', 'in', (eb) =>
        eb.selectFrom('marker_record as m').select('m.marker_key').where('m.round_id', '=', second!.id).limit(3),
      )
      .execute();
    await db().deleteFrom('assessment_round').where('id', '=', third!.id).execute();
    const after = await expectedMarkers();
    expect(after).not.toEqual(before);
    expect(await shownMarkers()).toEqual(after);
  });
});
