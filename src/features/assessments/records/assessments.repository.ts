import type { Kysely, Transaction } from 'kysely';
import { prepared, preparedFirst } from '../../../db/prepared.js';
import type {
  AssessmentRoundTable,
  Database,
  MarkerRecordTable,
  QuestionResponseTable,
  ReviewRole,
  ReviewTable,
} from '../../../db/schema.js';
import { ownTeamRow } from '../../reviews/reviews.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function insertRound(db: Executor, round: AssessmentRoundTable) {
  return db.insertInto('assessment_round').values(round).execute();
}

export async function insertRecords(db: Executor, records: MarkerRecordTable[], responses: QuestionResponseTable[]) {
  if (records.length) await db.insertInto('marker_record').values(records).execute();
  for (let i = 0; i < responses.length; i += 200) {
    await db
      .insertInto('question_response')
      .values(responses.slice(i, i + 200))
      .execute();
  }
}

export function listRounds(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('assessment_round')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .orderBy('number')
    .execute();
}

const ROUND_COLUMNS = [
  'id',
  'organisation_id',
  'review_id',
  'number',
  'purpose',
  'status',
  'scale',
  'framework_version',
  'copied_from',
  'sent_for_sign_off_at',
  'sent_for_sign_off_by',
  'decided_at',
  'decided_by',
  'decision_comment',
  'version',
  'created_at',
  'created_by',
  'meeting_on',
] as const satisfies readonly (keyof AssessmentRoundTable)[];

/**
 * A round with its review and the person's role on the review's team, in one query: nearly every
 * request inside a round needs all three. Undefined when the round is not the review's, or either is
 * not in the partnership.
 */
export async function findRoundWithReview(
  db: Executor,
  organisationId: string,
  reviewId: string,
  roundId: string,
  userId: string,
) {
  const row = await roundWithReviewQuery(db, organisationId, reviewId, roundId, userId);
  if (!row) return undefined;
  const round = Object.fromEntries(ROUND_COLUMNS.map((c) => [c, row[`round_${c}`]])) as unknown as AssessmentRoundTable;
  const review = Object.fromEntries(
    Object.entries(row).filter(([key]) => !key.startsWith('round_')),
  ) as unknown as ReviewTable & { member_role: ReviewRole | null };
  return { review, round };
}

const roundWithReviewQuery = preparedFirst(
  (db, organisationId: string, reviewId: string, roundId: string, userId: string) =>
    db
      .selectFrom('assessment_round')
      .innerJoin('review', (join) =>
        join
          .onRef('review.id', '=', 'assessment_round.review_id')
          .onRef('review.organisation_id', '=', 'assessment_round.organisation_id'),
      )
      .leftJoin('review_member', ownTeamRow(userId))
      .selectAll('review')
      .select('review_member.role as member_role')
      .select(ROUND_COLUMNS.map((c) => `assessment_round.${c} as round_${c}` as const))
      .where('assessment_round.organisation_id', '=', organisationId)
      .where('assessment_round.review_id', '=', reviewId)
      .where('assessment_round.id', '=', roundId),
);

export function recordsOf(db: Executor, organisationId: string, roundId: string) {
  return db
    .selectFrom('marker_record')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('round_id', '=', roundId)
    .execute();
}

/** Each marker's status and judgement in a round: all its task list shows. */
export const statusesOf = prepared((db, organisationId: string, roundId: string) =>
  db
    .selectFrom('marker_record')
    .select(['marker_key', 'status', 'judgement'])
    .where('organisation_id', '=', organisationId)
    .where('round_id', '=', roundId),
);

export function responsesOf(db: Executor, organisationId: string, roundId: string, markerKey?: string) {
  let q = db
    .selectFrom('question_response')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('round_id', '=', roundId);
  if (markerKey) q = q.where('marker_key', '=', markerKey);
  return q.execute();
}

export function findRecord(db: Executor, organisationId: string, roundId: string, markerKey: string) {
  return db
    .selectFrom('marker_record')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('round_id', '=', roundId)
    .where('marker_key', '=', markerKey)
    .executeTakeFirst();
}
