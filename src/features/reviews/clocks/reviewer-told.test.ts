import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../../../test/helpers/html.js';
import { addToTeam, reviewRow } from '../../../../test/helpers/reviews.js';
import { buildReferralsWorld, dateFields } from '../../referrals/referrals.fixture.js';

let w: Awaited<ReturnType<typeof buildReferralsWorld>>;
beforeAll(async () => {
  w = await buildReferralsWorld();
});
afterAll(async () => w.t.close());

/** A review of the type in partnership A, run by the business manager and read by the panel member. */
async function reviewOf(type: 'local-cspr' | 'sar') {
  const row = reviewRow(w.orgA.id, { type, decision_date: '2026-03-20' });
  await w.db.insertInto('review').values(row).execute();
  await addToTeam(w.db, w.orgA.id, row.id, [
    [w.people.manager, 'business-manager'],
    [w.people.panel, 'panel-member'],
  ]);
  return row;
}

const STEP = 'Decision and reviewer told to the Panel';

describe('the reviewer’s name told to the Panel', () => {
  it('is recorded beside its clock step, whose done date it gives; refusals keep what was typed', async () => {
    const review = await reviewOf('local-cspr');
    const url = `/reviews/${review.id}/reviewer-told`;
    let page = readPage((await w.clients.manager.get(`/reviews/${review.id}`)).body);
    expect(page.text('#timescales')).toContain('Record the decision and reviewer told to the Panel');

    const empty = await w.clients.manager.post(url, { version: '1' });
    expect(empty.statusCode).toBe(400);
    expect(readPage(empty.body).errorLinks).toEqual([
      { text: 'Enter the name of the reviewer the Panel was told of', href: '#reviewerName' },
      { text: 'Enter the date the Panel was told', href: '#toldOn-day' },
    ]);
    const early = await w.clients.manager.post(url, {
      version: '1',
      reviewerName: 'Dr Sam Taylor',
      ...dateFields({ toldOn: '2026-03-19' }),
    });
    expect(early.statusCode).toBe(400);
    page = readPage(early.body);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorLinks.map((l) => l.text)).toEqual([
      'Date the Panel was told must be the same as or after the date of the decision to hold a review',
    ]);
    expect(page.root.querySelector('#reviewerName')?.getAttribute('value')).toBe('Dr Sam Taylor');

    const ok = await w.clients.manager.post(url, {
      version: '1',
      reviewerName: 'Dr Sam Taylor',
      ...dateFields({ toldOn: '2026-04-03' }),
    });
    expect(ok.statusCode, ok.body).toBe(303);
    page = readPage((await w.clients.manager.get(`/reviews/${review.id}`)).body);
    expect(page.text('#reviewer-told')).toBe('Reviewer named to the Panel: Dr Sam Taylor, told on 3 April 2026.');
    const row = page.root.querySelectorAll('#timescales .govuk-summary-list__row').find((r) => r.text.includes(STEP));
    expect(row?.text.replace(/\s+/g, ' ')).toContain('Done on 3 April 2026');
    const api = await w.api('manager', 'GET', `/api/v1/reviews/${review.id}`);
    const steps = api.json<{ timescales: { key: string; done: string | null }[] }>().timescales;
    expect(steps.find((s) => s.key === 'panel-told')?.done).toBe('2026-04-03');
    const events = await w.db
      .selectFrom('audit_event')
      .select('action')
      .where('object_id', '=', review.id)
      .where('action', '=', 'review.reviewer_told_recorded')
      .execute();
    expect(events).toHaveLength(1);

    // A save from a page read before that change is refused, with what was typed kept.
    const stale = await w.clients.manager.post(url, {
      version: '1',
      reviewerName: 'Alex Reviewer',
      ...dateFields({ toldOn: '2026-04-06' }),
    });
    expect(stale.statusCode).toBe(409);
    expect(readPage(stale.body).root.querySelector('#reviewerName')?.getAttribute('value')).toBe('Alex Reviewer');
  });

  it('is changed only by those who run the review, is 404 to another partnership, and a SAR has none', async () => {
    const review = await reviewOf('local-cspr');
    const url = `/reviews/${review.id}/reviewer-told`;
    const body = { version: '1', reviewerName: 'Dr Sam Taylor', ...dateFields({ toldOn: '2026-04-03' }) };
    expect((await w.clients.panel.get(url)).statusCode).toBe(403);
    expect((await w.clients.panel.post(url, body)).statusCode).toBe(403);
    expect((await w.clients.other.get(url)).statusCode).toBe(404);
    expect((await w.clients.other.post(url, body)).statusCode).toBe(404);
    expect(readPage((await w.clients.panel.get(`/reviews/${review.id}`)).body).text('#timescales')).not.toContain(
      'Record the decision',
    );
    const sar = await reviewOf('sar');
    expect((await w.clients.manager.get(`/reviews/${sar.id}/reviewer-told`)).statusCode).toBe(404);
    expect((await w.clients.manager.post(`/reviews/${sar.id}/reviewer-told`, body)).statusCode).toBe(404);
    const saved = await w.db.selectFrom('review_reviewer_named').selectAll().execute();
    expect(saved.filter((r) => r.review_id === review.id || r.review_id === sar.id)).toEqual([]);
  });
});
