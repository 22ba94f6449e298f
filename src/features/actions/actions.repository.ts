import type { Kysely, Transaction } from 'kysely';
import type { ActionProgressTable, ActionStatus, ActionTable, Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** What the database can narrow by; agencies (a JSON list) are matched by the service. */
export interface ActionQuery {
  /** One review, or several (the partnership-wide list) */
  reviewIds: string[];
  status?: ActionStatus;
  ownerName?: string;
  /** Due before this ISO date */
  dueBefore?: string;
  /** Not finished and due before this ISO date (today) */
  overdueOn?: string;
}

export function listActions(db: Executor, organisationId: string, query: ActionQuery) {
  if (!query.reviewIds.length) return Promise.resolve([]);
  let q = db
    .selectFrom('action')
    .innerJoin('review', 'review.id', 'action.review_id')
    .selectAll('action')
    .select(['review.reference as review_reference'])
    .where('action.organisation_id', '=', organisationId)
    .where('action.review_id', 'in', query.reviewIds);
  if (query.status) q = q.where('action.status', '=', query.status);
  if (query.ownerName) q = q.where('action.owner_name', '=', query.ownerName);
  if (query.dueBefore) q = q.where('action.due_date', '<', query.dueBefore);
  if (query.overdueOn) {
    q = q.where('action.due_date', '<', query.overdueOn).where('action.status', 'not in', ['completed', 'cancelled']);
  }
  return q.orderBy('review.reference').orderBy('action.number').execute();
}

export function findAction(db: Executor, organisationId: string, id: string) {
  return db
    .selectFrom('action')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findActionsByIds(db: Executor, organisationId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('action')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', ids)
    .execute();
}

export async function nextActionNumber(db: Executor, organisationId: string, reviewId: string) {
  const row = await db
    .selectFrom('action')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export function insertActions(db: Executor, rows: ActionTable[]) {
  return db.insertInto('action').values(rows).execute();
}

/** Every owner name and agency list in use, for the filter's choices. */
export function ownersAndAgencies(db: Executor, organisationId: string, reviewIds: string[]) {
  if (!reviewIds.length) return Promise.resolve([]);
  return db
    .selectFrom('action')
    .select(['owner_name', 'agencies'])
    .where('organisation_id', '=', organisationId)
    .where('review_id', 'in', reviewIds)
    .execute();
}

export function progressOf(db: Executor, organisationId: string, actionId: string) {
  return db
    .selectFrom('action_progress')
    .leftJoin('user_account', 'user_account.id', 'action_progress.created_by')
    .select(['action_progress.id', 'action_progress.note', 'action_progress.created_at', 'user_account.name as author'])
    .where('action_progress.organisation_id', '=', organisationId)
    .where('action_progress.action_id', '=', actionId)
    .orderBy('action_progress.created_at')
    .orderBy('action_progress.id')
    .execute();
}

export function insertProgress(db: Executor, row: ActionProgressTable) {
  return db.insertInto('action_progress').values(row).execute();
}

/** People of the partnership who can own an action (not disabled). */
export function partnershipPeople(db: Executor, organisationId: string) {
  return db
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['user_account.id', 'user_account.name'])
    .where('membership.organisation_id', '=', organisationId)
    .where('membership.disabled_at', 'is', null)
    .orderBy('user_account.name')
    .execute();
}

/** The person's role on each review of the partnership they are on the team of. */
export function reviewRolesOf(db: Executor, organisationId: string, userId: string) {
  return db
    .selectFrom('review_member')
    .select(['review_id', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .execute();
}
