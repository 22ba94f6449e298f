import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage, type Page } from '../../../test/helpers/html.js';
import { addToTeam, reviewRow } from '../../../test/helpers/reviews.js';

// Monday 7 December 2026.
const NOW = new Date('2026-12-07T10:00:00Z');

let t: TestApp;
let admin: Client;
let member: Client;

beforeAll(async () => {
  t = await buildTestApp({ clock: () => NOW });
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const a = await insertPerson(db, org.id, 'admin', { twoFactor: true });
  const m = await insertPerson(db, org.id, 'member');
  admin = await signedInClient(t.app, db, a, org.id);
  member = await signedInClient(t.app, db, m, org.id);
  const notification = reviewRow(org.id, {
    reference: 'B 2',
    title: 'Late notification',
    awareness_date: '2026-11-20',
  });
  const publication = reviewRow(org.id, {
    reference: 'A 1',
    title: 'Late publication',
    type: 'sar',
    framework_key: 'sar-quality-markers',
    status: 'outputs',
    decision_date: '2026-01-01',
  });
  const running = reviewRow(org.id, {
    reference: 'C 3',
    title: 'On track',
    status: 'running',
    awareness_date: '2026-12-04',
    notification_date: '2026-12-04',
  });
  await db.insertInto('review').values([notification, publication, running]).execute();
  await addToTeam(db, org.id, notification.id, [[m, 'panel-member']] as const);
  const round = await admin.post(`/reviews/${running.id}/rounds/new`, { purpose: 'in-review' });
  const roundId = (round.headers.location as string).split('/').pop()!;
  await db
    .updateTable('marker_record')
    .set({ status: 'completed' })
    .where('round_id', '=', roundId)
    .where('marker_key', '=', 'referral')
    .execute();
});
afterAll(async () => t.close());

const rows = (page: Page) =>
  page.root
    .querySelectorAll('tbody tr')
    .map((tr) => tr.querySelectorAll('td').map((td) => td.text.replace(/\s+/g, ' ').trim()));

describe('the reviews list', () => {
  it('shows each review’s next step due, its current round’s progress and overdue flags in words', async () => {
    const res = await admin.get('/reviews');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.all('thead th')).toEqual([
      'Reference: sorted',
      'Review',
      'Status: sort by this',
      'Next step due: sort by this',
      'Current round',
    ]);
    const [first, second, third] = rows(page);
    expect(first![0]).toBe('A 1');
    // A SAR: the board's completion target, six months from the decision by default: due 1 July 2026,
    // 159 days ago, and not hidden.
    expect(first![3]).toBe('Completion: 1 July 2026 Overdue');
    expect(first![4]).toBe('No round yet');
    expect(second![3]).toBe('Notification: 27 November 2026 Overdue');
    // 15 working days from Friday 4 December, over Christmas and the Boxing Day holiday moved to Monday 28th.
    expect(third![3]).toBe('Rapid review: 29 December 2026');
    expect(third![4]).toBe('Round 1, open: 1 of 18 markers completed');
  });

  it('filters and sorts with links and a GET form, so it works without JavaScript', async () => {
    const overdue = readPage((await admin.get('/reviews?overdue=yes')).body);
    expect(rows(overdue).map((r) => r[0])).toEqual(['A 1', 'B 2']);
    expect(overdue.text('caption')).toBe('Anytown Partnership: 2 reviews of 3, filtered');
    expect(overdue.root.querySelector('input[name="overdue"]')?.getAttribute('checked')).toBeDefined();

    const byDue = readPage((await admin.get('/reviews?sort=next-due')).body);
    expect(rows(byDue).map((r) => r[0])).toEqual(['A 1', 'B 2', 'C 3']);
    const byStatus = readPage((await admin.get('/reviews?sort=status&type=local-cspr')).body);
    expect(rows(byStatus).map((r) => r[0])).toEqual(['B 2', 'C 3']);
    // The sort links keep the filters.
    expect(byStatus.root.querySelector('thead a')?.getAttribute('href')).toBe(
      '/reviews?type=local-cspr&sort=reference',
    );

    const none = readPage((await admin.get('/reviews?status=archived')).body);
    expect(none.text('main')).toContain('No review matches these filters.');
    // Anything unknown narrows nothing.
    expect(rows(readPage((await admin.get('/reviews?status=lost&sort=%3Cx%3E')).body))).toHaveLength(3);
  });

  it('shows a team member only the reviews they are on', async () => {
    expect(rows(readPage((await member.get('/reviews')).body)).map((r) => r[0])).toEqual(['B 2']);
  });

  it('shows 50 reviews a page, with GOV.UK pagination that keeps the filters and sort', async () => {
    const db = t.testDb.db;
    const org = await insertOrganisation(db, 'Busytown Partnership');
    const busy = await signedInClient(t.app, db, await insertPerson(db, org.id, 'admin', { twoFactor: true }), org.id);
    const many = Array.from({ length: 120 }, (_, i) =>
      reviewRow(org.id, { reference: `R ${String(i + 1).padStart(3, '0')}`, status: i % 2 ? 'running' : 'set-up' }),
    );
    await db.insertInto('review').values(many).execute();

    const first = readPage((await busy.get('/reviews')).body);
    expect(rows(first)).toHaveLength(50);
    expect(first.text('caption')).toBe('Busytown Partnership: 120 reviews, showing 1 to 50');
    const nav = first.root.querySelector('nav.govuk-pagination')!;
    expect(nav.getAttribute('aria-label')).toBe('Reviews pages');
    expect(nav.querySelectorAll('.govuk-pagination__item').map((li) => li.text.trim())).toEqual(['1', '2', '3']);
    expect(nav.querySelector('.govuk-pagination__item--current')!.text.trim()).toBe('1');

    const filtered = readPage((await busy.get('/reviews?status=running&sort=reference&page=2')).body);
    expect(rows(filtered).map((r) => r[0])).toEqual(
      Array.from({ length: 10 }, (_, i) => `R ${String(2 * (50 + i) + 2).padStart(3, '0')}`),
    );
    expect(filtered.text('caption')).toBe('Busytown Partnership: 60 reviews of 120, filtered, showing 51 to 60');
    expect(filtered.root.querySelector('.govuk-pagination__prev a')!.getAttribute('href')).toBe(
      '/reviews?status=running&sort=reference',
    );
    expect(filtered.root.querySelector('.govuk-pagination__next')).toBeNull();
    // A page past the end shows the last; nonsense shows the first.
    expect(rows(readPage((await busy.get('/reviews?page=9')).body))[0]![0]).toBe('R 101');
    expect(rows(readPage((await busy.get('/reviews?page=-1')).body))[0]![0]).toBe('R 001');
  });
});
