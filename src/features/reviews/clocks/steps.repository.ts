/** The queries that keep review_clock_step up to date (steps.service.ts). */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ReviewClockStepTable } from '../../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The partnership's reviews whose step rows are out of date, with the token of the mark. */
export function staleOf(db: Db, organisationId: string) {
  return db
    .selectFrom('review_clock_stale')
    .select(['review_id', 'token'])
    .where('organisation_id', '=', organisationId)
    .orderBy('review_id')
    .execute();
}

/** What the deadlines of some reviews of the partnership depend on. */
export function inputsOf(db: Db, organisationId: string, reviewIds: readonly string[]) {
  return db
    .selectFrom('review')
    .select([
      'id',
      'organisation_id',
      'type',
      'incident_date',
      'awareness_date',
      'referral_date',
      'notification_date',
      'rapid_review_date',
      'panel_response_date',
      'decision_date',
      'panel_told_date',
      'reviewer_appointed_date',
      'draft_report_date',
      'final_report_date',
      'report_sent_date',
      'publication_date',
    ])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', reviewIds)
    .execute();
}

/** The extensions and pauses of some reviews, in the order they were recorded (as clocks.repository). */
export function changesOfReviews(db: Db, organisationId: string, reviewIds: readonly string[]) {
  return db
    .selectFrom('review_clock_change')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', 'in', reviewIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Clears the marks whose token is still the one read (a review marked again since has a new token and
 * keeps its mark; one another reader cleared first is not there), and answers the reviews whose marks
 * were cleared: only those may have their rows replaced.
 */
export async function clearMarks(
  db: Db,
  organisationId: string,
  marks: readonly { review_id: string; token: string }[],
) {
  if (!marks.length) return [];
  const rows = await db
    .deleteFrom('review_clock_stale')
    .where('organisation_id', '=', organisationId)
    .where(
      'review_id',
      'in',
      marks.map((m) => m.review_id),
    )
    // Review ids and tokens have no spaces, so the pair is one text either database compares.
    .where(
      sql<string>`review_id || ' ' || token`,
      'in',
      marks.map((m) => `${m.review_id} ${m.token}`),
    )
    .returning('review_id')
    .execute();
  return rows.map((r) => r.review_id);
}

export async function replaceSteps(db: Db, reviewIds: readonly string[], rows: readonly ReviewClockStepTable[]) {
  await db.deleteFrom('review_clock_step').where('review_id', 'in', reviewIds).execute();
  // 8 values a row: 400 rows stay well under either database's limit on bound values.
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto('review_clock_step')
      .values(rows.slice(i, i + 400))
      .execute();
  }
}
