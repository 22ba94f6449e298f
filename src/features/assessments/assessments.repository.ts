import type { Kysely, Transaction } from 'kysely';
import { prepared, preparedFirst } from '../../db/prepared.js';
import type { AssessmentRoundTable, Database, MarkerRecordTable, QuestionResponseTable } from '../../db/schema.js';

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

export const findRound = preparedFirst((db, organisationId: string, reviewId: string, roundId: string) =>
  db
    .selectFrom('assessment_round')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('id', '=', roundId),
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
