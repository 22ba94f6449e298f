import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.js';
import { insertOrganisation } from '../../test/helpers/client.js';
import { reviewRow } from '../../test/helpers/reviews.js';
import { newId } from '../lib/ids.js';
import type { ReviewTable } from './schema.js';
import { revisionsOf, updateVersioned } from './versioned.js';

let t: TestDb;
let organisationId: string;
beforeAll(async () => {
  t = await createTestDb();
  organisationId = (await insertOrganisation(t.db, 'Versioned Partnership')).id;
});
afterAll(async () => t.drop());

async function insertReview(): Promise<ReviewTable> {
  const review = reviewRow(organisationId, {
    title: 'Review with "quotes", a line\nbreak and Zoë',
    incident_date: '2026-01-05',
  });
  await t.db.insertInto('review').values(review).execute();
  return review;
}

const by = { userId: null, at: '2026-11-26T08:00:00.000Z' };

describe('updateVersioned', () => {
  it('changes the row at the version read, and keeps that version in revision exactly as it was', async () => {
    const review = await insertReview();
    const stored = await t.db.selectFrom('review').selectAll().where('id', '=', review.id).executeTakeFirstOrThrow();
    const result = await t.db
      .transaction()
      .execute((trx) =>
        updateVersioned(
          trx,
          'review',
          { id: review.id, organisationId },
          1,
          { title: 'Renamed', method_other: undefined },
          by,
        ),
      );
    // A change given as undefined leaves the column as it was, in the database and in the row returned.
    expect(result).toEqual({ ok: true, row: { ...stored, title: 'Renamed', version: 2 } });
    const now = await t.db.selectFrom('review').selectAll().where('id', '=', review.id).executeTakeFirstOrThrow();
    expect(now).toEqual({ ...stored, title: 'Renamed', version: 2 });
    const [revision, ...older] = await revisionsOf(t.db, organisationId, 'review', review.id);
    expect(older).toEqual([]);
    expect(revision).toMatchObject({ version: 1, changed_at: by.at, changed_by: null });
    expect(JSON.parse(revision!.data)).toEqual(stored);
  });

  it('takes a version no integer column can hold (2^31, negative, not whole) as a conflict, on both databases', async () => {
    const review = await insertReview();
    const stored = await t.db.selectFrom('review').selectAll().where('id', '=', review.id).executeTakeFirstOrThrow();
    for (const version of [2 ** 31, 2 ** 53, -1, 1.5, Number.NaN]) {
      const result = await t.db
        .transaction()
        .execute((trx) =>
          updateVersioned(trx, 'review', { id: review.id, organisationId }, version, { title: 'Never' }, by),
        );
      expect(result, String(version)).toEqual({ ok: false, reason: 'conflict', current: stored });
    }
    expect(await t.db.selectFrom('review').selectAll().where('id', '=', review.id).executeTakeFirst()).toEqual(stored);
  });

  it('changes nothing when the version read is not the current one, and answers with the current row', async () => {
    const review = await insertReview();
    const save = (version: number, title: string) =>
      t.db
        .transaction()
        .execute((trx) => updateVersioned(trx, 'review', { id: review.id, organisationId }, version, { title }, by));
    expect((await save(1, 'First')).ok).toBe(true);
    const stale = await save(1, 'Second');
    expect(stale).toMatchObject({ ok: false, reason: 'conflict', current: { title: 'First', version: 2 } });
    expect(await revisionsOf(t.db, organisationId, 'review', review.id)).toHaveLength(1);
  });

  it('finds nothing in another partnership, and nothing by an id that does not exist', async () => {
    const review = await insertReview();
    const other = (await insertOrganisation(t.db, 'Other Partnership')).id;
    const attempt = (where: { id: string; organisationId: string }) =>
      t.db.transaction().execute((trx) => updateVersioned(trx, 'review', where, 1, { title: 'Taken' }, by));
    expect(await attempt({ id: review.id, organisationId: other })).toEqual({ ok: false, reason: 'not-found' });
    expect(await attempt({ id: newId(), organisationId })).toEqual({ ok: false, reason: 'not-found' });
    const still = await t.db.selectFrom('review').select('title').where('id', '=', review.id).executeTakeFirstOrThrow();
    expect(still.title).toBe(review.title);
  });
});
