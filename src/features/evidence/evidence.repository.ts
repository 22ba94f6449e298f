import type { Kysely, Transaction } from 'kysely';
import type { Database, EvidenceTable } from '../../db/schema.js';

/** Every query on evidence. Each one is limited to the caller's partnership and to one marker of one round. */

type Executor = Kysely<Database> | Transaction<Database>;

/** One marker in one round. */
export interface MarkerRef {
  roundId: string;
  markerKey: string;
}

/** The marker's evidence that has not been deleted, oldest first, with who added it; never the content. */
export function listEvidence(db: Executor, organisationId: string, marker: MarkerRef) {
  return db
    .selectFrom('evidence')
    .leftJoin('user_account', 'user_account.id', 'evidence.created_by')
    .select([
      'evidence.id',
      'evidence.kind',
      'evidence.title',
      'evidence.url',
      'evidence.note',
      'evidence.file_name',
      'evidence.content_type',
      'evidence.size_bytes',
      'evidence.sha256',
      'evidence.created_at',
      'user_account.name as created_by_name',
    ])
    .where('evidence.organisation_id', '=', organisationId)
    .where('evidence.round_id', '=', marker.roundId)
    .where('evidence.marker_key', '=', marker.markerKey)
    .where('evidence.deleted_at', 'is', null)
    .orderBy('evidence.created_at')
    .orderBy('evidence.id')
    .execute();
}

export function insertEvidence(db: Executor, organisationId: string, row: Omit<EvidenceTable, 'organisation_id'>) {
  return db
    .insertInto('evidence')
    .values({ ...row, organisation_id: organisationId })
    .execute();
}

/** A file on the marker, with its content; undefined when there is no such file or it was deleted. */
export function findEvidenceFile(db: Executor, organisationId: string, marker: MarkerRef, evidenceId: string) {
  return db
    .selectFrom('evidence')
    .select(['id', 'file_name', 'content_type', 'sha256', 'content'])
    .where('organisation_id', '=', organisationId)
    .where('round_id', '=', marker.roundId)
    .where('marker_key', '=', marker.markerKey)
    .where('id', '=', evidenceId)
    .where('kind', '=', 'file')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Marks evidence on the marker deleted (the row is kept); false when there is no such evidence left. */
export async function markEvidenceDeleted(
  db: Executor,
  organisationId: string,
  marker: MarkerRef,
  evidenceId: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('evidence')
    .set({ deleted_at: at })
    .where('organisation_id', '=', organisationId)
    .where('round_id', '=', marker.roundId)
    .where('marker_key', '=', marker.markerKey)
    .where('id', '=', evidenceId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
