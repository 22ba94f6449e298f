/**
 * The reviews list reads only the page's reviews in full; its filters and sorts read a few columns of each
 * review and the steps' read model (review_clock_step). Here every sort, with and without "overdue only",
 * with a status or type filter, pages 1 and 2, for an admin and a team member, must give what the list gave
 * when it worked out every review's clocks (`everyReviewsClocks`, the former code, kept as the oracle).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { addToTeam, reviewRow } from '../../../test/helpers/reviews.js';
import type { ReviewClockChangeTable, ReviewStatus, ReviewTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { formatDate } from '../../lib/uk-time.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import { nextStepOf } from './clocks/next-step.js';
import {
  listQueryString,
  reviewList,
  REVIEWS_PAGE_SIZE,
  ROUND_STATUS_TEXT,
  SORTS,
  type ReviewListPage,
  type ReviewListQuery,
  type ReviewListRow,
  type ReviewSort,
} from './list.service.js';
import { pageOf } from '../../lib/pagination.js';
import * as repo from './list.repository.js';
import { REVIEW_STATUSES } from './reviews.options.js';
import { clockContexts, listReviews } from './reviews.service.js';
import { timescalesFor } from './timescales.js';

// Monday 7 December 2026.
const NOW = new Date('2026-12-07T10:00:00Z');
const TODAY = '2026-12-07';

let t: TestApp;
let orgId: string;
let admin: { actor: PartnershipActor; client: Client };
let member: { actor: PartnershipActor; client: Client };

type Db = TestApp['testDb']['db'];

/** The list as it was before it was paged in the database: every review's clocks, filtered and sorted here. */
async function everyReviewsClocks(
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
const CASES: { review: Partial<ReviewTable>; changes?: Partial<ReviewClockChangeTable>[] }[] = [
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

// Mixed case, accents and spacing: en-GB's order, which neither database's text order gives.
const PREFIXES = ['a', 'B', 'á', 'Ab', 'b-'];
const STATUSES: ReviewStatus[] = ['set-up', 'running', 'outputs', 'complete', 'archived'];
const COPIES = 4;

beforeAll(async () => {
  t = await buildTestApp({ clock: () => NOW });
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  orgId = org.id;
  const a = await insertPerson(db, org.id, 'admin', { twoFactor: true });
  const m = await insertPerson(db, org.id, 'member');
  const actorOf = (id: string, role: 'admin' | 'member'): PartnershipActor => ({
    userId: id,
    organisationId: org.id,
    partnershipRole: role,
    ip: null,
    userAgent: null,
  });
  admin = { actor: actorOf(a.id, 'admin'), client: await signedInClient(t.app, db, a, org.id) };
  member = { actor: actorOf(m.id, 'member'), client: await signedInClient(t.app, db, m, org.id) };
  const reviews: ReviewTable[] = [];
  const changes: ReviewClockChangeTable[] = [];
  for (let copy = 0; copy < COPIES; copy++) {
    CASES.forEach((c, i) => {
      const n = copy * CASES.length + i;
      const review = reviewRow(org.id, {
        reference: `${PREFIXES[n % PREFIXES.length]} ${(n * 7) % 23}${n}`,
        status: STATUSES[(n + copy) % STATUSES.length],
        created_at: new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString(),
        ...c.review,
      });
      reviews.push(review);
      for (const [k, change] of (c.changes ?? []).entries()) {
        changes.push({
          id: newId(),
          organisation_id: org.id,
          review_id: review.id,
          clock_key: 'notification',
          kind: 'pause',
          new_due_date: null,
          agreed_by: change.kind === 'extension' ? 'the Panel' : null,
          agreed_on: null,
          paused_from: null,
          paused_to: null,
          reason: 'Test',
          created_at: `2026-11-0${k + 1}T00:00:00.000Z`,
          created_by: null,
          ...change,
        });
      }
    });
  }
  await db.insertInto('review').values(reviews).execute();
  await db.insertInto('review_clock_change').values(changes).execute();
  await addToTeam(db, org.id, reviews[0]!.id, [[m, 'chair']] as const);
  for (const review of reviews.filter((_, i) => i % 3 === 1)) {
    await addToTeam(db, org.id, review.id, [[m, 'panel-member']] as const);
  }
  // Rounds on a few reviews, the second of one of them the latest.
  for (const review of [reviews[0]!, reviews[1]!, reviews[0]!, reviews[20]!]) {
    expect((await admin.client.post(`/reviews/${review.id}/rounds/new`, { purpose: 'in-review' })).statusCode).toBe(
      303,
    );
  }
});
afterAll(async () => t.close());

const FILTERS: Pick<ReviewListQuery, 'status' | 'type'>[] = [{}, { status: 'running' }, { type: 'local-cspr' }];
const combinations = () =>
  SORTS.flatMap((sort) =>
    [false, true].flatMap((overdueOnly) =>
      FILTERS.flatMap((filter) => [1, 2].map((page): ReviewListQuery => ({ ...filter, overdueOnly, sort, page }))),
    ),
  );

/** Every combination, at a page size that gives several pages. */
async function expectSameAsBefore(who: typeof admin, size: number) {
  const db = t.testDb.db;
  for (const query of combinations()) {
    const expected = await everyReviewsClocks(db, who.actor, TODAY, query, size);
    const actual = await reviewList(db, who.actor, TODAY, query, size);
    expect(actual, listQueryString(query, query.page)).toEqual(expected);
  }
}

const rowsOf = (body: string) =>
  readPage(body)
    .root.querySelectorAll('tbody tr')
    .map((tr) => tr.querySelectorAll('td').map((td) => td.text.replace(/\s+/g, ' ').trim()));

/** The "next step due" and "current round" cells as list.njk writes them, from the former code's row. */
const nextCell = (r: ReviewListRow) => {
  const status = r.nextStep?.status;
  return [
    r.nextStep ? `${r.nextStep.title}: ${formatDate(r.nextStep.due!)}` : 'None due',
    status === 'overdue' ? 'Overdue' : status === 'due-soon' ? 'Due soon' : '',
    r.overdue && status !== 'overdue' ? 'Overdue' : '',
  ]
    .filter(Boolean)
    .join(' ');
};
const roundCell = (r: ReviewListRow) =>
  r.round
    ? `Round ${r.round.number}, ${r.round.statusText.toLowerCase()}: ${r.round.completed} of ${r.round.total} markers completed`
    : 'No round yet';

describe('the reviews list, paged in the database', () => {
  it('gives the same page as working out every review’s clocks, for every sort, filter and page', async () => {
    await expectSameAsBefore(admin, 7);
    await expectSameAsBefore(member, 4);
    // The fixture has every case the comparison needs: overdue and not, next steps and none, several pages.
    const everything = await everyReviewsClocks(t.testDb.db, admin.actor, TODAY, combinations()[0]!, 1000);
    expect(everything.rows.filter((r) => r.overdue).length).toBeGreaterThan(8);
    expect(everything.rows.filter((r) => r.nextStep?.status === 'due-soon').length).toBeGreaterThan(0);
    expect(everything.rows.filter((r) => !r.nextStep).length).toBeGreaterThan(8);
    expect(everything.rows.filter((r) => r.round).length).toBe(3);
  });

  it('shows the same rows, caption and page links over HTTP', async () => {
    for (const who of [admin, member]) {
      for (const query of combinations()) {
        const expected = await everyReviewsClocks(t.testDb.db, who.actor, TODAY, query, REVIEWS_PAGE_SIZE);
        const res = await who.client.get(`/reviews?${listQueryString(query, query.page)}`);
        expect(res.statusCode).toBe(200);
        expect(rowsOf(res.body).map(([reference, , , next, round]) => [reference, next, round])).toEqual(
          expected.rows.map((r) => [r.reference, nextCell(r), roundCell(r)]),
        );
        const page = readPage(res.body);
        const filtered = query.status || query.type || query.overdueOnly;
        const count = `${expected.count} review${expected.count === 1 ? '' : 's'}`;
        const caption = `Anytown Partnership: ${count}${filtered ? ` of ${expected.total}, filtered` : ''}${expected.pages > 1 ? `, showing ${expected.first} to ${expected.last}` : ''}`;
        if (expected.count) expect(page.text('caption')).toBe(caption);
        const current = page.root.querySelector('.govuk-pagination__item--current')?.text.trim();
        expect(current).toBe(expected.pages > 1 ? String(expected.page) : undefined);
      }
    }
    // The unfiltered list has two pages at 50 a page.
    expect(rowsOf((await admin.client.get('/reviews?page=2')).body)).toHaveLength(CASES.length * COPIES - 50);
  });

  it('reads the steps as they are now: a change since the last request is taken into account', async () => {
    const db = t.testDb.db;
    const query: ReviewListQuery = { overdueOnly: true, sort: 'next-due', page: 1 };
    const before = await reviewList(db, admin.actor, TODAY, query, 1000);
    // A three-month target for adults' reviews makes the September SAR overdue too.
    await db.updateTable('organisation').set({ sar_target_months: 3 }).where('id', '=', orgId).execute();
    const after = await reviewList(db, admin.actor, TODAY, query, 1000);
    expect(after.count).toBe(before.count + COPIES);
    await expectSameAsBefore(admin, 7);
  });
});
