import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import type { Db } from '../../db/create-db.js';
import { newId } from '../../lib/ids.js';
import { seedDemo } from '../demo/demo.service.js';
import { createOrganisation } from '../organisations/organisations.service.js';
import { foldMarkedReviews } from './fold.service.js';
import { refreshLearningSummary } from './summary.service.js';

// A demo seed is a bulk write: every review it makes is marked for the summary and the statutory steps.
// The background fold takes the marks off the first reader's request; afterwards the dashboard must say
// what it says when every review is added up from nothing.
const TODAY = new Date('2026-12-07T12:00:00.000Z');
const system = { userId: null, organisationId: null, ip: null, userAgent: null };

async function seededPartnership(db: Db, name: string, reviews: number, seed: number) {
  const org = await createOrganisation(db, { name, kind: 'both' }, system);
  await seedDemo(db, org, { reviews, seed, asOf: '2026-12-01' }, system);
  return org.id;
}

const count = async (db: Db, table: 'learning_stale' | 'review_clock_stale', orgId?: string) => {
  let query = db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (orgId) query = query.where('organisation_id', '=', orgId);
  return Number((await query.executeTakeFirstOrThrow()).n);
};

/** The dashboard's main content as the partnership admin sees it. */
async function dashboard(admin: Client) {
  const res = await admin.get('/learning');
  expect(res.statusCode).toBe(200);
  return readPage(res.body).root.querySelector('main')!.innerHTML;
}

/** Throws the partnership's summary away and marks every review, as the migration's backfill leaves it. */
async function startAfresh(db: Db, orgId: string) {
  await db.deleteFrom('learning_summary').where('organisation_id', '=', orgId).execute();
  await db.deleteFrom('learning_review_part').where('organisation_id', '=', orgId).execute();
  const reviews = await db.selectFrom('review').select('id').where('organisation_id', '=', orgId).execute();
  await db
    .insertInto('learning_stale')
    .values(reviews.map((r) => ({ review_id: r.id, organisation_id: orgId, token: newId() })))
    .onConflict((oc) => oc.column('review_id').doNothing())
    .execute();
}

const summaryRows = async (db: Db, orgId: string) =>
  (await db.selectFrom('learning_summary').selectAll().where('organisation_id', '=', orgId).execute())
    .map((row) => JSON.stringify(row))
    .sort();

describe('the learning summary’s background fold', () => {
  let t: TestApp;
  let admin: Client;
  let orgA: string;
  let orgB: string;
  const db = () => t.testDb.db;

  beforeAll(async () => {
    t = await buildTestApp({ clock: () => TODAY });
    orgA = await seededPartnership(db(), 'Fold Partnership A', 9, 5);
    orgB = await seededPartnership(db(), 'Fold Partnership B', 3, 6);
    const person = await insertPerson(db(), orgA, 'admin', { twoFactor: true });
    admin = await signedInClient(t.app, db(), person, orgA);
  });
  afterAll(async () => t.close());

  it('folds every partnership’s marks, a slice at a time within its budget, to what a fresh fold gives', async () => {
    expect(await count(db(), 'learning_stale', orgA)).toBe(9);
    expect(await count(db(), 'learning_stale', orgB)).toBe(3);
    expect(await count(db(), 'review_clock_stale')).toBeGreaterThan(0);

    // A run with no time to spare folds one slice and stops: the first partnership's (ids are in time
    // order) first four reviews, with every statutory-step mark of that partnership.
    expect(orgA < orgB).toBe(true);
    expect(await foldMarkedReviews(db(), { slice: 4, budgetMs: 0 })).toEqual({
      partnerships: 0,
      reviews: 4,
      finished: false,
    });
    expect([await count(db(), 'learning_stale', orgA), await count(db(), 'learning_stale', orgB)]).toEqual([5, 3]);
    expect(await count(db(), 'review_clock_stale', orgA)).toBe(0);
    expect(await count(db(), 'review_clock_stale', orgB)).toBeGreaterThan(0);

    const rest = await foldMarkedReviews(db(), { slice: 4 });
    expect(rest).toMatchObject({ partnerships: 2, reviews: 8, finished: true });
    expect(await count(db(), 'learning_stale')).toBe(0);
    expect(await count(db(), 'review_clock_stale')).toBe(0);
    // Nothing left: a run is then one query.
    expect(await foldMarkedReviews(db())).toEqual({ partnerships: 0, reviews: 0, finished: true });

    const folded = await dashboard(admin);
    expect(folded).toMatch(/\d/);
    await startAfresh(db(), orgA);
    expect(await count(db(), 'learning_stale', orgA)).toBe(9);
    // The reader folds the fresh marks itself, as it does whatever is still marked.
    expect(await dashboard(admin)).toBe(folded);
    expect(await count(db(), 'learning_stale', orgA)).toBe(0);
  });

  it('runs on the app’s timer and stops when the app closes', async () => {
    const timed = await buildTestApp({ clock: () => TODAY, learningFoldEveryMs: 20 });
    const timedDb = timed.testDb.db;
    try {
      // Seeding while the timer runs: a fold between the seed's batches must leave nothing behind either.
      const orgId = await seededPartnership(timedDb, 'Fold on a timer', 4, 7);
      await expect
        .poll(async () => [await count(timedDb, 'learning_stale'), await count(timedDb, 'review_clock_stale')], {
          timeout: 10_000,
          interval: 20,
        })
        .toEqual([0, 0]);
      await timed.app.close();
      const review = await timedDb
        .selectFrom('review')
        .select('id')
        .where('organisation_id', '=', orgId)
        .limit(1)
        .executeTakeFirstOrThrow();
      await timedDb
        .insertInto('learning_stale')
        .values({ review_id: review.id, organisation_id: orgId, token: 'x' })
        .onConflict((oc) => oc.column('review_id').doNothing())
        .execute();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await count(timedDb, 'learning_stale')).toBe(1);
      // What the timer's runs added up is what adding up every review from nothing gives.
      const timersSum = await summaryRows(timedDb, orgId);
      expect(timersSum.length).toBeGreaterThan(0);
      await startAfresh(timedDb, orgId);
      await refreshLearningSummary(timedDb, orgId);
      expect(await summaryRows(timedDb, orgId)).toEqual(timersSum);
    } finally {
      await timed.testDb.drop();
    }
  });
});
