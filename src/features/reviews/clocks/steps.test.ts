// review_clock_step is kept up to date by marks the triggers write (review_clock_stale) and readers clear.
// Two readers and a writer interleaved, on a real database: the writer's mark must outlive the slower
// reader, whose rows were worked out from dates read before the writer's change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrganisation } from '../../../../test/helpers/client.js';
import { createTestDb, type TestDb } from '../../../../test/helpers/db.js';
import { reviewRow } from '../../../../test/helpers/reviews.js';
import { clockStepRows } from './steps.js';
import * as steps from './steps.repository.js';
import { refreshClockSteps } from './steps.service.js';

let t: TestDb;
let orgId: string;
const db = () => t.db;

beforeAll(async () => {
  t = await createTestDb();
  orgId = (await insertOrganisation(db(), 'Clock Steps Partnership')).id;
});
afterAll(async () => t.drop());

const setAwareness = (reviewId: string, date: string) =>
  db().updateTable('review').set({ awareness_date: date }).where('id', '=', reviewId).execute();

/** The review's rows as the rules give them from its dates now (it has no extensions or pauses). */
async function rowsFromDatesNow(reviewId: string) {
  const [review] = await steps.inputsOf(db(), orgId, [reviewId]);
  return clockStepRows(review!, {}).sort((a, b) => a.clock_key.localeCompare(b.clock_key));
}

const storedRows = (reviewId: string) =>
  db().selectFrom('review_clock_step').selectAll().where('review_id', '=', reviewId).orderBy('clock_key').execute();

describe('refreshing the statutory step rows', () => {
  it('keeps a mark written after another reader cleared the one a slower reader read', async () => {
    const review = reviewRow(orgId, { awareness_date: '2026-11-02' });
    await db().insertInto('review').values(review).execute();
    await refreshClockSteps(db(), orgId);
    await setAwareness(review.id, '2026-11-09');

    // Reader A reads the mark and the dates, then is slow to finish.
    const readByA = await steps.staleOf(db(), orgId);
    expect(readByA.map((m) => m.review_id)).toEqual([review.id]);
    const rowsOfA = await rowsFromDatesNow(review.id);
    // Reader B does the whole refresh meanwhile.
    await refreshClockSteps(db(), orgId);
    // A writer changes the review again: its trigger marks it afresh.
    await setAwareness(review.id, '2026-11-23');
    const rowsAfterWriter = await rowsFromDatesNow(review.id);
    expect(rowsAfterWriter).not.toEqual(rowsOfA);
    // A finishes with what it read: it may not clear the writer's mark.
    await db()
      .transaction()
      .execute(async (trx) => {
        const cleared = await steps.clearMarks(trx, orgId, readByA);
        if (cleared.length) await steps.replaceSteps(trx, cleared, rowsOfA);
      });

    expect((await steps.staleOf(db(), orgId)).map((m) => m.review_id)).toEqual([review.id]);
    await refreshClockSteps(db(), orgId);
    expect(await steps.staleOf(db(), orgId)).toEqual([]);
    expect(await storedRows(review.id)).toEqual(rowsAfterWriter);
  });
});
