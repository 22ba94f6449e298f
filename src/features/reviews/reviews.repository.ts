import type { Kysely, Transaction } from 'kysely';
import type { Database, ReviewMemberTable, ReviewTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function insertReview(db: Executor, review: ReviewTable) {
  return db.insertInto('review').values(review).execute();
}

export function findReview(db: Executor, organisationId: string, id: string) {
  return db
    .selectFrom('review')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

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
  let q = db.selectFrom('review').selectAll('review').where('review.organisation_id', '=', organisationId);
  if (memberId) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('review_member')
          .select('review_member.id')
          .whereRef('review_member.review_id', '=', 'review.id')
          .where('review_member.user_id', '=', memberId),
      ),
    );
  }
  return q.orderBy('review.created_at', 'desc').execute();
}

export function insertMember(db: Executor, member: ReviewMemberTable) {
  return db.insertInto('review_member').values(member).execute();
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

export function memberRole(db: Executor, organisationId: string, reviewId: string, userId: string) {
  return db
    .selectFrom('review_member')
    .select('role')
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function removeMember(db: Executor, organisationId: string, reviewId: string, memberId: string) {
  return db
    .deleteFrom('review_member')
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('id', '=', memberId)
    .executeTakeFirst();
}
