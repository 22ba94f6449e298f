import { sql, type Expression, type SqlBool } from 'kysely';

/** Who asks to see reviews: a partnership admin sees every review of the partnership, anyone else those whose team they are on. */
export interface ReviewViewer {
  userId: string;
  admin: boolean;
}

/**
 * A condition for any query over a partnership's reviews (or rows of them): the review whose id is in the
 * column `reviewId` (e.g. 'review.id', 'round.review_id') is one the person may see. The one place the rule
 * "admins see all, others the reviews whose team they are on" is written as SQL; the caller still scopes the
 * query to the person's partnership.
 */
export function reviewVisibleTo(viewer: ReviewViewer, reviewId: string): Expression<SqlBool> {
  if (viewer.admin) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`exists (select 1 from review_member as seen where seen.review_id = ${sql.ref(reviewId)} and seen.user_id = ${viewer.userId})`;
}

/** The same, for callers that hold "the member id, or none for an admin" (as listReviews does). */
export function reviewVisibleToMember(memberId: string | undefined, reviewId: string): Expression<SqlBool> {
  return reviewVisibleTo(memberId ? { userId: memberId, admin: false } : { userId: '', admin: true }, reviewId);
}
