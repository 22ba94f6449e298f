import type { JoinBuilder, Kysely, Transaction } from 'kysely';
import { preparedFirst } from '../../db/prepared.js';
import type { Database, ReviewMemberTable, ReviewRole, ReviewTable } from '../../db/schema.js';
import { reviewVisibleToMember } from './visible.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function insertReview(db: Executor, review: ReviewTable) {
  return db.insertInto('review').values(review).execute();
}

/**
 * How a query over reviews left-joins the person's own row of the review's team, so that
 * `review_member.role` is their role on it (null when they are not on the team).
 */
export function ownTeamRow(userId: string) {
  return (join: JoinBuilder<Database, 'review' | 'review_member'>) =>
    join
      .onRef('review_member.review_id', '=', 'review.id')
      .onRef('review_member.organisation_id', '=', 'review.organisation_id')
      .on('review_member.user_id', '=', userId);
}

/** A review and the person's role on its team (null when they are not on it), in one query. */
export const findReviewForMember = preparedFirst((db, organisationId: string, id: string, userId: string) =>
  db
    .selectFrom('review')
    .leftJoin('review_member', ownTeamRow(userId))
    .selectAll('review')
    .select('review_member.role as member_role')
    .where('review.organisation_id', '=', organisationId)
    .where('review.id', '=', id),
);

export function findByReference(db: Executor, organisationId: string, reference: string) {
  return db
    .selectFrom('review')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('reference', '=', reference)
    .executeTakeFirst();
}

/** Reviews in the partnership; with `memberId`, only those the person is on the team of. */
export function listReviews(db: Executor, organisationId: string, memberId?: string) {
  return db
    .selectFrom('review')
    .selectAll('review')
    .where('review.organisation_id', '=', organisationId)
    .where(reviewVisibleToMember(memberId, 'review.id'))
    .orderBy('review.created_at', 'desc')
    .execute();
}

export function insertMember(db: Executor, member: ReviewMemberTable) {
  return db.insertInto('review_member').values(member).execute();
}

/** The roles a person holds on the partnership's review teams, each once. */
export async function reviewRolesOf(db: Executor, organisationId: string, userId: string): Promise<ReviewRole[]> {
  const rows = await db
    .selectFrom('review_member')
    .select('role')
    .distinct()
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.role);
}

export function teamOf(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('review_member')
    .innerJoin('user_account', 'user_account.id', 'review_member.user_id')
    .select([
      'review_member.id',
      'review_member.role',
      'review_member.user_id',
      'user_account.name',
      'user_account.email',
    ])
    .where('review_member.organisation_id', '=', organisationId)
    .where('review_member.review_id', '=', reviewId)
    .orderBy('user_account.name')
    .execute();
}

export function removeMember(db: Executor, organisationId: string, reviewId: string, memberId: string) {
  return db
    .deleteFrom('review_member')
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('id', '=', memberId)
    .executeTakeFirst();
}

/**
 * Takes the review's row lock for the rest of the transaction (a no-op write), so checks across its
 * team (at least one chair or business manager) cannot race on PostgreSQL; SQLite writes one at a time.
 */
export function lockReview(db: Executor, organisationId: string, reviewId: string) {
  return db
    .updateTable('review')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', reviewId)
    .execute();
}

/** One member of a review's team, with their name. */
export function findTeamMember(db: Executor, organisationId: string, reviewId: string, memberId: string) {
  return db
    .selectFrom('review_member')
    .innerJoin('user_account', 'user_account.id', 'review_member.user_id')
    .select(['review_member.id', 'review_member.role', 'review_member.user_id', 'user_account.name'])
    .where('review_member.organisation_id', '=', organisationId)
    .where('review_member.review_id', '=', reviewId)
    .where('review_member.id', '=', memberId)
    .executeTakeFirst();
}

/** People with an active membership of the partnership who are not on the review's team. */
export function partnershipPeopleNotOnTeam(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['user_account.id as user_id', 'user_account.name', 'user_account.email', 'membership.role'])
    .where('membership.organisation_id', '=', organisationId)
    .where('membership.disabled_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('review_member')
            .select('review_member.id')
            .where('review_member.review_id', '=', reviewId)
            .whereRef('review_member.user_id', '=', 'membership.user_id'),
        ),
      ),
    )
    .orderBy('user_account.name')
    .execute();
}

export function updateMemberRole(
  db: Executor,
  organisationId: string,
  reviewId: string,
  memberId: string,
  role: ReviewMemberTable['role'],
) {
  return db
    .updateTable('review_member')
    .set({ role })
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('id', '=', memberId)
    .executeTakeFirst();
}

/** How many of the team are chairs or business managers. */
export async function countTeamLeads(db: Executor, organisationId: string, reviewId: string) {
  const row = await db
    .selectFrom('review_member')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('role', 'in', ['chair', 'business-manager'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function scopeOf(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('review_scope')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .execute();
}

export function findScopeSection(db: Executor, organisationId: string, reviewId: string, section: string) {
  return db
    .selectFrom('review_scope')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('section', '=', section)
    .executeTakeFirst();
}

/** The first version of a section; false when another save made it first. */
export async function insertScopeSection(db: Executor, row: Database['review_scope']): Promise<boolean> {
  const result = await db
    .insertInto('review_scope')
    .values(row)
    .onConflict((oc) => oc.columns(['review_id', 'section']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The referral a review was started from (features/referrals), if it was. */
export function referralOriginOf(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('referral_conversion as c')
    .innerJoin('referral', (j) =>
      j.onRef('referral.id', '=', 'c.referral_id').onRef('referral.organisation_id', '=', 'c.organisation_id'),
    )
    .select(['c.referral_id', 'referral.route', 'referral.received_on', 'referral.source_agency'])
    .where('c.organisation_id', '=', organisationId)
    .where('c.review_id', '=', reviewId)
    .executeTakeFirst();
}
