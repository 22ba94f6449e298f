import type { Kysely, Transaction } from 'kysely';
import type { CommentTable, Database } from '../../../db/schema.js';
import type { MarkerRef } from '../../evidence/evidence.repository.js';

/** Every query on comments. Each one is limited to the caller's partnership and to one marker of one round. */

type Executor = Kysely<Database> | Transaction<Database>;

/** The marker's thread, oldest first, with the names of each comment's author and of who resolved it. */
export function listComments(db: Executor, organisationId: string, marker: MarkerRef) {
  return db
    .selectFrom('comment')
    .leftJoin('user_account as author', 'author.id', 'comment.author_id')
    .leftJoin('user_account as resolver', 'resolver.id', 'comment.resolved_by')
    .leftJoin('user_account as addressee', 'addressee.id', 'comment.addressed_to')
    .select([
      'comment.id',
      'comment.body',
      'comment.author_id',
      'comment.created_at',
      'comment.edited_at',
      'comment.resolved_at',
      'comment.version',
      'author.name as author_name',
      'resolver.name as resolver_name',
      'comment.addressed_to',
      'addressee.name as addressee_name',
    ])
    .where('comment.organisation_id', '=', organisationId)
    .where('comment.round_id', '=', marker.roundId)
    .where('comment.marker_key', '=', marker.markerKey)
    .orderBy('comment.created_at')
    .orderBy('comment.id')
    .execute();
}

export function findComment(db: Executor, organisationId: string, marker: MarkerRef, commentId: string) {
  return db
    .selectFrom('comment')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('round_id', '=', marker.roundId)
    .where('marker_key', '=', marker.markerKey)
    .where('id', '=', commentId)
    .executeTakeFirst();
}

export function insertComment(db: Executor, organisationId: string, row: Omit<CommentTable, 'organisation_id'>) {
  return db
    .insertInto('comment')
    .values({ ...row, organisation_id: organisationId })
    .execute();
}
