import type { Kysely, Transaction } from 'kysely';
import type { Database, PublicationEventTable, PublicationTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function findPublication(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('publication')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .executeTakeFirst();
}

/** The first version of a review's record; false when another save made it first. */
export async function insertPublication(db: Executor, row: PublicationTable): Promise<boolean> {
  const result = await db
    .insertInto('publication')
    .values(row)
    .onConflict((oc) => oc.column('review_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function eventsOf(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('publication_event')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .orderBy('held_on')
    .orderBy('id')
    .execute();
}

export function insertEvents(db: Executor, rows: PublicationEventTable[]) {
  return rows.length ? db.insertInto('publication_event').values(rows).execute() : Promise.resolve([]);
}

export async function deleteEvent(db: Executor, organisationId: string, reviewId: string, id: string) {
  const result = await db
    .deleteFrom('publication_event')
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export function deleteEvents(db: Executor, organisationId: string, reviewId: string) {
  return db
    .deleteFrom('publication_event')
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .execute();
}
