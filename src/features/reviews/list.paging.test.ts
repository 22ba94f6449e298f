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
import { CASES, everyReviewsClocks } from './list.fixture.js';
import {
  listQueryString,
  reviewList,
  REVIEWS_PAGE_SIZE,
  SORTS,
  type ReviewListQuery,
  type ReviewListRow,
} from './list.service.js';

// Monday 7 December 2026.
const NOW = new Date('2026-12-07T10:00:00Z');
const TODAY = '2026-12-07';

let t: TestApp;
let orgId: string;
let admin: { actor: PartnershipActor; client: Client };
let member: { actor: PartnershipActor; client: Client };

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
