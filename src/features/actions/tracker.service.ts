/**
 * The partnership's actions tracker (`/actions`): the actions of every review the person sees, filtered,
 * in the order a person reads the review references, a page at a time.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import { recordAudit } from '../audit/audit.service.js';
import { authorize } from '../reviews/policy.js';
import { compareReferences, filterChoicesOf, isOverdue, toAction, type ActionFilter } from './actions.model.js';
import { reviewRolesOf } from './actions.repository.js';
import * as repo from './tracker.repository.js';

type Db = Kysely<Database>;

/** Actions on one page of the tracker: the same as the reviews list and the referrals register. */
export const TRACKER_PAGE_SIZE = 50;

type ReviewCount = { reviewId: string; reference: string; count: number };

/**
 * Which reviews hold the rows of `page`, and how many of the first one's rows come before it. The reviews
 * are sorted here (numbers in references read as numbers, which no database collation does alike), from
 * one count per review; the rows themselves are then read by the database, for those reviews only.
 */
export function pageSpan(counts: ReviewCount[], requested: number, size: number) {
  const sorted = [...counts].sort(
    (a, b) =>
      compareReferences(a.reference, b.reference) ||
      (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0) ||
      (a.reviewId < b.reviewId ? -1 : 1),
  );
  const count = sorted.reduce((sum, r) => sum + r.count, 0);
  const pages = Math.max(1, Math.ceil(count / size));
  const page = Math.min(Math.max(1, requested), pages);
  const start = (page - 1) * size;
  const end = start + size;
  const reviewIds: string[] = [];
  let skip = 0;
  let at = 0;
  for (const r of sorted) {
    if (at >= end) break;
    if (at + r.count > start) {
      if (!reviewIds.length) skip = start - at;
      reviewIds.push(r.reviewId);
    }
    at += r.count;
  }
  return { count, pages, page, start, reviewIds, skip };
}

/** One page of the actions the person sees that match the filter; the read is audited. */
export async function trackerPage(db: Db, actor: PartnershipActor, filter: ActionFilter, today: string, page: number) {
  const org = actor.organisationId;
  const viewer = { userId: actor.userId, admin: actor.partnershipRole === 'admin' };
  const query: repo.TrackerQuery = {
    status: filter.status,
    ownerName: filter.owner,
    dueBefore: filter.dueBefore,
    overdueOn: filter.overdue ? today : undefined,
    agency: filter.agency,
  };
  const [counts, used, roles, reviews] = await Promise.all([
    repo.countsByReview(db, org, viewer, query),
    repo.trackerChoices(db, org, viewer),
    reviewRolesOf(db, org, actor.userId),
    repo.visibleReviewCount(db, org, viewer),
  ]);
  const span = pageSpan(counts, page, TRACKER_PAGE_SIZE);
  const rows = await repo.actionsOfReviews(db, org, viewer, query, span.reviewIds, {
    offset: span.skip,
    limit: TRACKER_PAGE_SIZE,
  });
  const roleOf = new Map(roles.map((r) => [r.review_id, r.role]));
  const mayChange = (reviewId: string) =>
    authorize(actor, 'review.manage', { reviewRole: roleOf.get(reviewId) ?? null });
  // Whether any visible review may be changed: one the person has a role on, or (an admin) any at all.
  const canChange =
    roles.some((r) => mayChange(r.review_id)) ||
    (authorize(actor, 'review.manage', { reviewRole: null }) && reviews > 0);
  await recordAudit(db, actor, { action: 'actions.listed', detail: { reviews, page: span.page } });
  const actions = rows.map((row) => {
    const action = toAction(row);
    return { ...action, overdue: isOverdue(action, today), canChange: mayChange(action.review_id) };
  });
  return {
    actions,
    choices: filterChoicesOf(used.owners, used.agencyLists),
    canChange,
    shown: {
      count: span.count,
      page: span.page,
      pages: span.pages,
      first: span.start + 1,
      last: span.start + actions.length,
    },
  };
}
