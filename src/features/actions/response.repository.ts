import type { Kysely, Transaction } from 'kysely';
import type { Database, WrittenResponseTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function findResponse(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('written_response')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .executeTakeFirst();
}

/** Inserts the first version; false when someone else's first version got there first. */
export async function insertResponse(db: Executor, row: WrittenResponseTable): Promise<boolean> {
  const result = await db
    .insertInto('written_response')
    .values(row)
    .onConflict((oc) => oc.column('review_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function committedActionIds(db: Executor, organisationId: string, responseId: string) {
  return db
    .selectFrom('written_response_action')
    .select('action_id')
    .where('organisation_id', '=', organisationId)
    .where('response_id', '=', responseId)
    .execute();
}

export async function setCommittedActions(db: Executor, organisationId: string, responseId: string, ids: string[]) {
  await db.deleteFrom('written_response_action').where('response_id', '=', responseId).execute();
  if (!ids.length) return;
  await db
    .insertInto('written_response_action')
    .values(ids.map((action_id) => ({ response_id: responseId, organisation_id: organisationId, action_id })))
    .execute();
}

export function userNames(db: Executor, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('user_account').select(['id', 'name']).where('id', 'in', ids).execute();
}

export function revisionsOfResponse(db: Executor, organisationId: string, id: string) {
  return db
    .selectFrom('revision')
    .leftJoin('user_account', 'user_account.id', 'revision.changed_by')
    .select(['revision.version', 'revision.data', 'revision.changed_at', 'user_account.name as changed_by_name'])
    .where('revision.organisation_id', '=', organisationId)
    .where('revision.record_type', '=', 'written_response')
    .where('revision.record_id', '=', id)
    .orderBy('revision.version', 'desc')
    .execute();
}
