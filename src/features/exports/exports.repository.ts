import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { findResponse } from '../actions/response.repository.js';
import { listFindings } from '../actions/findings.repository.js';
import { listRounds } from '../assessments/records/assessments.repository.js';
import { changesOf } from '../reviews/clocks/clocks.repository.js';
import { scopeOf } from '../reviews/reviews.repository.js';

/**
 * Reads a whole review in a few set-wise queries (one per table, not one per marker), so a large
 * review exports quickly. Every query is limited to the caller's partnership and to the review.
 */

type Executor = Kysely<Database> | Transaction<Database>;

/** Long `in (…)` lists are sent in chunks, well inside every driver's parameter limit. */
const CHUNK = 500;

async function chunked<T>(ids: readonly string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await read(ids.slice(i, i + CHUNK))));
  return out;
}

export function partnership(db: Executor, organisationId: string) {
  return db.selectFrom('organisation').select(['id', 'name']).where('id', '=', organisationId).executeTakeFirst();
}

/**
 * The rows that hang from the review itself. The scope, rounds, findings, written response and clock
 * changes are read by the queries of the features that own those tables, so each is written once.
 */
export async function reviewLevelRows(db: Executor, organisationId: string, reviewId: string) {
  const [scope, rounds, findings, actions, writtenResponse, clockChanges] = await Promise.all([
    scopeOf(db, organisationId, reviewId),
    listRounds(db, organisationId, reviewId),
    listFindings(db, organisationId, reviewId),
    actionRows(db, organisationId, reviewId),
    findResponse(db, organisationId, reviewId),
    changesOf(db, organisationId, reviewId),
  ]);
  return { scope, rounds, findings, actions, writtenResponse, clockChanges };
}

export async function markerRows(db: Executor, organisationId: string, roundIds: string[]) {
  if (!roundIds.length) return [];
  return db
    .selectFrom('marker_record')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('round_id', 'in', roundIds)
    .execute();
}

export async function responseRows(db: Executor, organisationId: string, roundIds: string[]) {
  if (!roundIds.length) return [];
  return db
    .selectFrom('question_response')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('round_id', 'in', roundIds)
    .execute();
}

/** Evidence that has not been deleted; the file contents only when asked for. */
export async function evidenceRows(db: Executor, organisationId: string, roundIds: string[], withContent: boolean) {
  if (!roundIds.length) return [];
  return db
    .selectFrom('evidence')
    .select([
      'id',
      'round_id',
      'marker_key',
      'kind',
      'title',
      'url',
      'note',
      'file_name',
      'content_type',
      'size_bytes',
      'sha256',
      'created_at',
      'created_by',
    ])
    .$if(withContent, (q) => q.select('content'))
    .where('organisation_id', '=', organisationId)
    .where('round_id', 'in', roundIds)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function commentRows(db: Executor, organisationId: string, roundIds: string[]) {
  if (!roundIds.length) return [];
  return db
    .selectFrom('comment')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('round_id', 'in', roundIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findingMarkerRows(db: Executor, organisationId: string, findingIds: string[]) {
  return chunked(findingIds, (part) =>
    db
      .selectFrom('finding_marker')
      .select(['finding_id', 'marker_key'])
      .where('organisation_id', '=', organisationId)
      .where('finding_id', 'in', part)
      .orderBy('marker_key')
      .execute(),
  );
}

export async function findingThemeRows(db: Executor, organisationId: string, findingIds: string[]) {
  return chunked(findingIds, (part) =>
    db
      .selectFrom('finding_theme')
      .innerJoin('learning_theme', 'learning_theme.id', 'finding_theme.theme_id')
      .select(['finding_theme.finding_id', 'learning_theme.label', 'learning_theme.position'])
      .where('finding_theme.organisation_id', '=', organisationId)
      .where('learning_theme.organisation_id', '=', organisationId)
      .where('finding_theme.finding_id', 'in', part)
      .orderBy('learning_theme.position')
      .orderBy('learning_theme.label')
      .execute(),
  );
}

export function actionRows(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('action')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .orderBy('number')
    .execute();
}

export async function progressRows(db: Executor, organisationId: string, actionIds: string[]) {
  return chunked(actionIds, (part) =>
    db
      .selectFrom('action_progress')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('action_id', 'in', part)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  );
}

export function responseActionRows(db: Executor, organisationId: string, responseId: string) {
  return db
    .selectFrom('written_response_action')
    .innerJoin('action', 'action.id', 'written_response_action.action_id')
    .select('written_response_action.action_id')
    .where('written_response_action.organisation_id', '=', organisationId)
    .where('written_response_action.response_id', '=', responseId)
    .orderBy('action.number')
    .execute();
}

/**
 * Earlier versions of the given records, which are of the given kinds (the revision table's unique key
 * starts with the kind, so naming them lets the database use it).
 */
export async function revisionRows(
  db: Executor,
  organisationId: string,
  recordTypes: readonly string[],
  recordIds: string[],
) {
  return chunked(recordIds, (part) =>
    db
      .selectFrom('revision')
      .select(['record_type', 'record_id', 'version', 'data', 'changed_at', 'changed_by'])
      .where('organisation_id', '=', organisationId)
      .where('record_type', 'in', recordTypes)
      .where('record_id', 'in', part)
      .execute(),
  );
}

/** Names of people by account id (people who have left the partnership keep their name on its records). */
export async function namesOf(db: Executor, userIds: string[]) {
  return chunked(userIds, (part) =>
    db.selectFrom('user_account').select(['id', 'name']).where('id', 'in', part).execute(),
  );
}

/** The partnership's active people: account id, name and email. */
export function partnershipPeople(db: Executor, organisationId: string) {
  return db
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['user_account.id', 'user_account.name', 'user_account.email'])
    .where('membership.organisation_id', '=', organisationId)
    .where('membership.disabled_at', 'is', null)
    .orderBy('membership.created_at')
    .execute();
}
