/**
 * For list.paging.test.ts: the reviews list as it was before it was paged in the database (the oracle the
 * paged list is compared with), and reviews whose clocks cover the cases that decide its filter and sort.
 */
import type { Kysely } from 'kysely';
import type { Database, ReviewClockChangeTable, ReviewTable } from '../../db/schema.js';
import { pageOf } from '../../lib/pagination.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import { nextStepOf } from './clocks/next-step.js';
import * as repo from './list.repository.js';
import {
  ROUND_STATUS_TEXT,
  type ReviewListPage,
  type ReviewListQuery,
  type ReviewListRow,
  type ReviewSort,
} from './list.service.js';
import { REVIEW_STATUSES } from './reviews.options.js';
import { clockContexts, listReviews } from './reviews.service.js';
import { timescalesFor } from './timescales.js';

type Db = Kysely<Database>;

/** The list as it was before it was paged in the database: every review's clocks, filtered and sorted here. */
export async function everyReviewsClocks(
  db: Db,
  actor: PartnershipActor,
  today: string,
  query: ReviewListQuery,
  size: number,
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
  const order = Object.keys(REVIEW_STATUSES);
  const byReference = (a: ReviewListRow, b: ReviewListRow) => a.reference.localeCompare(b.reference, 'en-GB');
  const sorters: Record<ReviewSort, (a: ReviewListRow, b: ReviewListRow) => number> = {
    reference: byReference,
    'next-due': (a, b) => (a.nextStep?.due ?? '9999').localeCompare(b.nextStep?.due ?? '9999') || byReference(a, b),
    status: (a, b) => order.indexOf(a.status) - order.indexOf(b.status) || byReference(a, b),
  };
  return { ...pageOf(shown.sort(sorters[query.sort]), query.page, size), total: rows.length };
}

/** Reviews whose clocks cover the cases: each is made several times with other references and statuses. */
export const CASES: { review: Partial<ReviewTable>; changes?: Partial<ReviewClockChangeTable>[] }[] = [
  // Every step done on time: nothing next.
  {
    review: {
      type: 'rapid-review',
      awareness_date: '2026-11-02',
      notification_date: '2026-11-04',
      rapid_review_date: '2026-11-20',
      panel_response_date: '2026-11-27',
    },
  },
  // Done late (missed), nothing open: not overdue.
  {
    review: {
      type: 'national-cspr',
      awareness_date: '2026-10-01',
      notification_date: '2026-10-20',
      rapid_review_date: '2026-11-30',
    },
  },
  // Overdue (notification due 27 November).
  { review: { awareness_date: '2026-11-20' } },
  // Due soon (8 December) and on track (11 December).
  { review: { awareness_date: '2026-12-01' } },
  { review: { type: 'scr', awareness_date: '2026-12-04' } },
  // Due today (not overdue), and paused from today (paused).
  { review: { awareness_date: '2026-11-30' } },
  {
    review: { awareness_date: '2026-11-20' },
    changes: [{ clock_key: 'notification', kind: 'pause', paused_from: '2026-12-07' }],
  },
  // Paused since before today: neither next nor overdue; a pause starting later changes nothing yet.
  {
    review: { awareness_date: '2026-11-10' },
    changes: [{ clock_key: 'notification', kind: 'pause', paused_from: '2026-11-12' }],
  },
  {
    review: { awareness_date: '2026-11-10' },
    changes: [{ clock_key: 'notification', kind: 'pause', paused_from: '2026-12-20' }],
  },
  // A closed pause moves the deadline on; an extension replaces it.
  {
    review: { awareness_date: '2026-11-20' },
    changes: [{ clock_key: 'notification', kind: 'pause', paused_from: '2026-11-23', paused_to: '2026-12-04' }],
  },
  {
    review: { type: 'local-cspr', awareness_date: '2026-11-16' },
    changes: [
      { clock_key: 'notification', kind: 'extension', new_due_date: '2027-01-15', agreed_on: '2026-11-18' },
      { clock_key: 'rapid-review', kind: 'pause', paused_from: '2026-11-01' },
    ],
  },
  // Done after an extension's date (missed) with the next step overdue; two steps open at once.
  {
    review: { awareness_date: '2026-10-01', notification_date: '2026-10-30', decision_date: '2026-03-01' },
    changes: [{ clock_key: 'notification', kind: 'extension', new_due_date: '2026-10-20', agreed_on: '2026-10-05' }],
  },
  // The report to the Panel is due seven working days before publication, which has been entered.
  { review: { decision_date: '2026-10-01', publication_date: '2026-12-20' } },
  // Adults: the board's target (six months by default) from the decision; one overdue, one on track.
  { review: { type: 'sar', framework_key: 'sar-quality-markers', decision_date: '2026-05-01' } },
  { review: { type: 'sar', framework_key: 'sar-quality-markers', decision_date: '2026-09-01' } },
  // No dates at all, and types with no clocks.
  { review: {} },
  { review: { type: 'dhr', awareness_date: '2026-01-01' } },
  { review: { type: 'other' } },
];
