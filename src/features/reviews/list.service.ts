/**
 * The reviews list: each review the person may see with its next statutory step, its current round's
 * progress and whether anything is overdue; filtered and sorted by the query string, so it all works
 * without JavaScript. A request reads a few columns of every review it may show and the whole of only the
 * reviews on its page.
 */
import type { Kysely } from 'kysely';
import type { Database, ReviewStatus, ReviewTable, ReviewType, RoundStatus } from '../../db/schema.js';
import { pageNumberOf, pageOf, type PageOf } from '../../lib/pagination.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import * as repo from './list.repository.js';
import { REVIEW_STATUSES, REVIEW_TYPES } from './reviews.options.js';
import { asChange } from './clocks/clocks.service.js';
import * as clocks from './clocks/clocks.repository.js';
import type { ClockChange } from './clocks/evaluate.js';
import { nextStepOf } from './clocks/next-step.js';
import * as steps from './clocks/steps.repository.js';
import { refreshClockSteps } from './clocks/steps.service.js';
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

type ListKey = Awaited<ReturnType<typeof repo.listKeysOf>>[number];

const byReference = (a: { reference: string }, b: { reference: string }) =>
  a.reference.localeCompare(b.reference, 'en-GB');
const SORTERS: Record<ReviewSort, (a: ListKey, b: ListKey) => number> = {
  reference: byReference,
  'next-due': (a, b) => (a.next_due ?? '9999').localeCompare(b.next_due ?? '9999') || byReference(a, b),
  status: (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || byReference(a, b),
};

/**
 * One page of the list. The filters and the sort need only a few columns of each review: its reference and
 * status, and, for "overdue only" and "next step due", its earliest open deadline and whether one has
 * passed, read from review_clock_step (the same steps and statuses as timescalesFor and nextStepOf give;
 * docs/architecture.md). References are sorted here, as before, because neither database sorts text as
 * `localeCompare` does. Only the page's reviews have their clocks worked out and their rounds read.
 */
export async function reviewList(
  db: Kysely<Database>,
  actor: PartnershipActor,
  today: string,
  query: ReviewListQuery,
  /** Rows a page: the route keeps the default; tests ask for small pages. */
  pageSize = REVIEWS_PAGE_SIZE,
): Promise<ReviewListPage> {
  const orgId = actor.organisationId;
  const memberId = actor.partnershipRole === 'admin' ? undefined : actor.userId;
  const byClocks = query.overdueOnly || query.sort === 'next-due';
  if (byClocks) await refreshClockSteps(db, orgId);
  const filtered = Boolean(query.status || query.type || query.overdueOnly);
  const [keys, allCount] = await Promise.all([
    repo.listKeysOf(db, orgId, memberId, {
      status: query.status,
      type: query.type,
      today: byClocks ? today : undefined,
      overdueOnly: query.overdueOnly,
    }),
    filtered ? repo.countVisibleReviews(db, orgId, memberId) : null,
  ]);
  const page = pageOf(keys.sort(SORTERS[query.sort]), query.page, pageSize);
  const ids = page.rows.map((k) => k.id);
  const [reviews, changeRows, sarTargetMonths, progress] = await Promise.all([
    repo.reviewsByIds(db, orgId, ids),
    ids.length ? steps.changesOfReviews(db, orgId, ids) : [],
    clocks.sarTargetMonths(db, orgId),
    repo.roundProgressOf(db, orgId, memberId, ids),
  ]);
  const changes = new Map<string, ClockChange[]>();
  for (const row of changeRows) changes.set(row.review_id, [...(changes.get(row.review_id) ?? []), asChange(row)]);
  const latest = new Map<string, (typeof progress)[number]>();
  for (const p of progress) {
    const seen = latest.get(p.reviewId);
    if (!seen || p.number > seen.number) latest.set(p.reviewId, p);
  }
  const byId = new Map(reviews.map((r) => [r.id, r]));
  const rows = ids.flatMap((id): ReviewListRow[] => {
    const review = byId.get(id);
    // Deleted between the two reads: the page is one row short rather than failing.
    if (!review) return [];
    const clockSteps = timescalesFor(review, today, { sarTargetMonths, changes: changes.get(id) ?? [] });
    const round = latest.get(id);
    return [
      {
        ...review,
        nextStep: nextStepOf(clockSteps),
        overdue: clockSteps.some((s) => s.status === 'overdue'),
        round: round
          ? {
              number: round.number,
              status: round.status,
              statusText: ROUND_STATUS_TEXT[round.status],
              completed: Number(round.completed ?? 0),
              total: Number(round.total),
            }
          : null,
      },
    ];
  });
  return { ...page, rows, total: allCount ?? keys.length };
}
