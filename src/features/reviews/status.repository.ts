import type { Kysely, Transaction } from 'kysely';
import type { Database, ReviewStatusChangeTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function insertStatusChange(db: Executor, row: ReviewStatusChangeTable) {
  return db.insertInto('review_status_change').values(row).execute();
}

/** A review's status moves, newest first, with the name of who made each. */
export function statusChangesOf(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('review_status_change as c')
    .leftJoin('user_account as u', 'u.id', 'c.changed_by')
    .selectAll('c')
    .select('u.name as changed_by_name')
    .where('c.organisation_id', '=', organisationId)
    .where('c.review_id', '=', reviewId)
    .orderBy('c.changed_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

/** Whether any section of the review's scope has text. */
export async function scopeWritten(db: Executor, organisationId: string, reviewId: string): Promise<boolean> {
  const row = await db
    .selectFrom('review_scope')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('text', '<>', '')
    .executeTakeFirst();
  return Boolean(row);
}
