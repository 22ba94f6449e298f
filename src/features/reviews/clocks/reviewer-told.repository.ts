/** The reviewer named to the Panel for a children's review: one row per review. */
import type { Kysely, Transaction } from 'kysely';
import type { Database, ReviewReviewerNamedTable } from '../../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export function reviewerNamedOf(db: Db, organisationId: string, reviewId: string) {
  return db
    .selectFrom('review_reviewer_named')
    .select(['reviewer_name', 'updated_at'])
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .executeTakeFirst();
}

export async function saveReviewerNamed(db: Db, row: ReviewReviewerNamedTable) {
  await db
    .insertInto('review_reviewer_named')
    .values(row)
    .onConflict((oc) =>
      oc.column('review_id').doUpdateSet({
        reviewer_name: row.reviewer_name,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}
