/** The reviews list's queries (list.service.ts): a few columns of every review it may show, whole rows of a page's. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ReviewStatus, ReviewTable, ReviewType } from '../../db/schema.js';
import { reviewVisibleToMember } from './visible.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Each round of the reviews the person may see (all of the partnership's without `memberId`, else those
 * whose team they are on, as listReviews), with how many of its marker records there are and how many are
 * completed, for the reviews list's "current round" column. One query, whatever the number of reviews;
 * with `reviewIds`, only those reviews' rounds (the page shown).
 */
export function roundProgressOf(
  db: Executor,
  organisationId: string,
  memberId?: string,
  reviewIds?: readonly string[],
) {
  return db
    .selectFrom('assessment_round as round')
    .leftJoin('marker_record as record', 'record.round_id', 'round.id')
    .select((eb) => [
      'round.review_id as reviewId',
      'round.number',
      'round.status',
      eb.fn.count<number | string>('record.id').as('total'),
      eb.fn
        .sum<number | string | null>(eb.case().when('record.status', '=', 'completed').then(1).else(0).end())
        .as('completed'),
    ])
    .where('round.organisation_id', '=', organisationId)
    .where(reviewVisibleToMember(memberId, 'round.review_id'))
    .$if(reviewIds !== undefined, (qb) => qb.where('round.review_id', 'in', reviewIds!.length ? reviewIds! : ['']))
    .groupBy(['round.review_id', 'round.number', 'round.status'])
    .execute();
}

/** What the reviews list filters by in SQL; `today` also reads each review's open steps (review_clock_step). */
export interface ListKeyFilter {
  status?: ReviewStatus;
  type?: ReviewType;
  /** Read each review's earliest open deadline and whether one has passed, as on `today`. */
  today?: string;
  overdueOnly?: boolean;
}

/**
 * A few columns of each review the person may see (as listReviews, in its order) that the filters keep,
 * for the reviews list to sort and page before it reads whole rows. With `today`, from review_clock_step
 * (refresh it first): `next_due`, the earliest deadline of a step not done and not paused on `today`, and
 * `overdue`, 1 when such a step's deadline is before `today`; the same open steps and the same comparisons
 * of ISO dates as clocks/evaluate.ts and next-step.ts.
 */
export function listKeysOf(db: Executor, organisationId: string, memberId: string | undefined, f: ListKeyFilter) {
  const visible = db
    .selectFrom('review')
    .where('review.organisation_id', '=', organisationId)
    .where(reviewVisibleToMember(memberId, 'review.id'))
    .$if(f.status !== undefined, (qb) => qb.where('review.status', '=', f.status!))
    .$if(f.type !== undefined, (qb) => qb.where('review.type', '=', f.type!))
    .orderBy('review.created_at', 'desc');
  if (f.today === undefined) {
    return visible
      .select(['review.id', 'review.reference', 'review.status'])
      .select([sql<string | null>`null`.as('next_due'), sql<number | null>`null`.as('overdue')])
      .execute();
  }
  const today = f.today;
  const open = db
    .selectFrom('review_clock_step as step')
    .select((eb) => [
      'step.review_id',
      eb.fn.min('step.due').as('next_due'),
      eb.fn.max(sql<number>`case when step.due < ${today} then 1 else 0 end`).as('overdue'),
    ])
    .where('step.organisation_id', '=', organisationId)
    .where('step.done', 'is', null)
    .where((eb) => eb.or([eb('step.paused_since', 'is', null), eb('step.paused_since', '>', today)]))
    .groupBy('step.review_id')
    .as('open');
  return visible
    .leftJoin(open, 'open.review_id', 'review.id')
    .select(['review.id', 'review.reference', 'review.status', 'open.next_due', 'open.overdue'])
    .$if(Boolean(f.overdueOnly), (qb) => qb.where('open.overdue', '=', 1))
    .execute();
}

/** How many reviews the person may see (as listReviews). */
export async function countVisibleReviews(db: Executor, organisationId: string, memberId?: string) {
  const row = await db
    .selectFrom('review')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('review.organisation_id', '=', organisationId)
    .where(reviewVisibleToMember(memberId, 'review.id'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whole rows of some reviews of the partnership, in no particular order. */
export function reviewsByIds(db: Executor, organisationId: string, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([] as ReviewTable[]);
  return db
    .selectFrom('review')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', ids)
    .execute();
}
