/** Every query of the clocks: the partnership's SAR target and the extensions and pauses recorded. */
import type { Kysely, Transaction } from 'kysely';
import type { Database, ReviewClockChangeTable } from '../../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function sarTargetMonths(db: Db, organisationId: string): Promise<number | null> {
  const row = await db
    .selectFrom('organisation')
    .select('sar_target_months')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return row?.sar_target_months ?? null;
}

/** The changes of one review, or of every review of the partnership when reviewId is left out. */
export function changesOf(db: Db, organisationId: string, reviewId?: string) {
  let query = db.selectFrom('review_clock_change').selectAll().where('organisation_id', '=', organisationId);
  if (reviewId) query = query.where('review_id', '=', reviewId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function insertChange(db: Db, row: ReviewClockChangeTable) {
  await db.insertInto('review_clock_change').values(row).execute();
}

/** Deletes one change of the review; false when there is none (another review's id included). */
export async function deleteChange(db: Db, organisationId: string, reviewId: string, id: string) {
  const result = await db
    .deleteFrom('review_clock_change')
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
