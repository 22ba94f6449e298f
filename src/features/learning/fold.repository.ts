/** What the background fold (fold.service.ts) asks of the marks before it folds them. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The partnerships with a review marked for the summary (learning_stale) or for the statutory steps' read
 * model (review_clock_stale), in id order: each table's organisation index, no review read.
 */
export async function partnershipsWithMarks(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('learning_stale')
    .select('organisation_id')
    .union(db.selectFrom('review_clock_stale').select('organisation_id'))
    .orderBy('organisation_id')
    .execute();
  return rows.map((r) => r.organisation_id);
}
