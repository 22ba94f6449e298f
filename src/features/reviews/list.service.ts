/**
 * The reviews list: each review the person may see with its next statutory step, its current round's
 * progress and whether anything is overdue; filtered and sorted by the query string, so it all works
 * without JavaScript.
 */
import type { Kysely } from 'kysely';
import type { Database, ReviewStatus, ReviewTable, ReviewType, RoundStatus } from '../../db/schema.js';
import { pageNumberOf, pageOf, type PageOf } from '../../lib/pagination.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import * as repo from './reviews.repository.js';
import { REVIEW_STATUSES, REVIEW_TYPES } from './reviews.options.js';
import { clockContexts, listReviews } from './reviews.service.js';
import { nextStepOf } from './clocks/next-step.js';
import { timescalesFor, type Timescale } from './timescales.js';

export const ROUND_STATUS_TEXT: Record<RoundStatus, string> = {
  open: 'Open',
  'awaiting-sign-off': 'Awaiting sign-off',
  approved: 'Approved',
};

export interface ReviewListRow extends ReviewTable {
  /** The earliest statutory step still to do (on track, due soon or overdue), if any. */
  nextStep: Timescale | null;
  /** The latest round, with how many of its markers are completed. */
  round: { number: number; status: RoundStatus; statusText: string; completed: number; total: number } | null;
  /** Some statutory step is overdue or was missed. */
  overdue: boolean;
}

export const SORTS = ['reference', 'next-due', 'status'] as const;
export type ReviewSort = (typeof SORTS)[number];

export interface ReviewListQuery {
  status?: ReviewStatus;
  type?: ReviewType;
  overdueOnly: boolean;
  sort: ReviewSort;
  /** Which page of REVIEWS_PAGE_SIZE rows, from 1. */
  page: number;
}

/** Rows on one page of the list: a partnership with years of reviews gets pages, not one very long table. */
export const REVIEWS_PAGE_SIZE = 50;

/** One page of the reviews the filters keep (`count` of them), and `total`: all the reviews the person may see. */
export interface ReviewListPage extends PageOf<ReviewListRow> {
  total: number;
}

/** Reads the list's query string; anything unknown is ignored rather than refused (it only narrows a view). */
export function parseListQuery(query: Record<string, unknown>): ReviewListQuery {
  const pick = <T extends string>(value: unknown, allowed: readonly T[]): T | undefined =>
    typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
  return {
    status: pick(query.status, Object.keys(REVIEW_STATUSES) as ReviewStatus[]),
    type: pick(query.type, Object.keys(REVIEW_TYPES) as ReviewType[]),
    overdueOnly: query.overdue === 'yes',
    sort: pick(query.sort, SORTS) ?? 'reference',
    page: pageNumberOf(query.page),
  };
}

/** The query string of the list with its filters and sort kept, at `page`. */
export function listQueryString(query: ReviewListQuery, page: number): string {
  const params = new URLSearchParams();
  if (query.status) params.set('status', query.status);
  if (query.type) params.set('type', query.type);
  if (query.overdueOnly) params.set('overdue', 'yes');
  params.set('sort', query.sort);
  if (page > 1) params.set('page', String(page));
  return params.toString();
}

const STATUS_ORDER = Object.keys(REVIEW_STATUSES);

export async function reviewList(
  db: Kysely<Database>,
  actor: PartnershipActor,
  today: string,
  query: ReviewListQuery,
): Promise<ReviewListPage> {
  const [reviews, contextOf] = await Promise.all([listReviews(db, actor), clockContexts(db, actor.organisationId)]);
  const progress = await repo.roundProgressOf(
    db,
    actor.organisationId,
    actor.partnershipRole === 'admin' ? undefined : actor.userId,
  );
  const latest = new Map<string, (typeof progress)[number]>();
  for (const p of progress) {
    const seen = latest.get(p.reviewId);
    if (!seen || p.number > seen.number) latest.set(p.reviewId, p);
  }
  const rows: ReviewListRow[] = reviews.map((review) => {
    const steps = timescalesFor(review, today, contextOf(review.id));
    const round = latest.get(review.id);
    return {
      ...review,
      nextStep: nextStepOf(steps),
      overdue: steps.some((s) => s.status === 'overdue'),
      round: round
        ? {
            number: round.number,
            status: round.status,
            statusText: ROUND_STATUS_TEXT[round.status],
            completed: Number(round.completed ?? 0),
            total: Number(round.total),
          }
        : null,
    };
  });
  const shown = rows.filter(
    (r) =>
      (!query.status || r.status === query.status) &&
      (!query.type || r.type === query.type) &&
      (!query.overdueOnly || r.overdue),
  );
  const byReference = (a: ReviewListRow, b: ReviewListRow) => a.reference.localeCompare(b.reference, 'en-GB');
  const sorters: Record<ReviewSort, (a: ReviewListRow, b: ReviewListRow) => number> = {
    reference: byReference,
    'next-due': (a, b) => (a.nextStep?.due ?? '9999').localeCompare(b.nextStep?.due ?? '9999') || byReference(a, b),
    status: (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || byReference(a, b),
  };
  return { ...pageOf(shown.sort(sorters[query.sort]), query.page, REVIEWS_PAGE_SIZE), total: rows.length };
}
