/**
 * A word in very many places: the search ranks the newest MAX_RANKED matches a person may see, says so on
 * the page, and still puts the best of those first; under the cap the page counts the results. The API
 * answers the same results in the same order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, page, type World } from '../../../test/helpers/actions-world.js';
import { apiToken } from '../../../test/helpers/client.js';
import { insertFindings } from '../../../test/helpers/findings.js';
import * as repo from './search.repository.js';
import { MAX_PAGE, MAX_RANKED } from './search.service.js';
import { fts5Match, MARK_END, MARK_START } from './search.text.js';

let w: World;
let seen: { id: string; url: string };
let other: { id: string; url: string };

/** Findings written in this order (ids ascend), each with the given text. */
const addFindings = (reviewId: string, texts: string[]) => insertFindings(w.t.testDb.db, w.orgId, reviewId, texts);

const results = (p: Awaited<ReturnType<typeof page>>) =>
  p.root.querySelectorAll('[aria-labelledby="review-results-heading"] li h3 a').map((a) => a.getAttribute('href')!);

beforeAll(async () => {
  w = await makeWorld();
  seen = await w.startReview();
  other = await w.startReview();
  // The panel member is on the first review's team only.
  await w.t.testDb.db
    .deleteFrom('review_member')
    .where('review_id', '=', other.id)
    .where('user_id', '=', w.people.panel.id)
    .execute();
  // Oldest first: a strong match that falls outside the newest MAX_RANKED, then many weak ones, then a
  // strong one among the newest.
  await addFindings(other.id, ['Escalation, escalation and escalation again: the oldest finding.']);
  await addFindings(
    other.id,
    Array.from({ length: MAX_RANKED }, (_, i) => `Escalation was discussed at meeting ${i} of the panel.`),
  );
  await addFindings(seen.id, [
    'The escalation policy was not used.',
    'Escalation, escalation and escalation again: the newest finding.',
  ]);
});

afterAll(async () => {
  await w.t.close();
});

describe('a search that matches more than can be ranked', () => {
  it('says the results are capped, ranks the best of the newest first and offers the pages it ranked', async () => {
    const first = await page(w.admin, '/search?q=escalation');
    const capped = first.root.querySelector('#review-results-capped')!.text.replace(/\s+/g, ' ').trim();
    expect(capped).toBe(
      `More than ${MAX_RANKED} pieces of text match ‘escalation’. These are the closest matches among the ` +
        `${MAX_RANKED} written most recently. Add more words to narrow your search.`,
    );
    expect(first.root.querySelector('#review-results-count')).toBeNull();
    const hrefs = results(first);
    expect(hrefs).toHaveLength(20);
    // The oldest finding scores as the newest does and would come first (the older first on a tie) had it
    // been among the candidates.
    expect(first.all('.app-search-snippet')[0]).toContain('the newest finding');
    expect(hrefs[0]).toContain(`${seen.url}/findings#`);
    expect(first.all('.app-search-snippet').join(' ')).not.toContain('oldest finding');

    const last = await page(w.admin, `/search?q=escalation&page=${MAX_PAGE}`);
    expect(results(last)).toHaveLength(20);
    expect(last.root.querySelector('.govuk-pagination__next')).toBeNull();
  });

  it('answers the API with the page’s results in the page’s order', async () => {
    const token = await apiToken(w.t.testDb.db, w.orgId, w.people.admin.id, ['read']);
    for (const n of [1, 2]) {
      const html = results(await page(w.admin, `/search?q=escalation&page=${n}`));
      const res = await w.t.app.inject({
        method: 'GET',
        url: `/api/v1/search?q=escalation&page=${n}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<{ results: { href: string }[] }>().results.map((r) => r.href)).toEqual(html);
    }
  });

  it('counts the results of someone on one review’s team, from that review only, best first', async () => {
    const p = await page(w.panel, '/search?q=escalation');
    expect(p.root.querySelector('#review-results-capped')).toBeNull();
    expect(p.root.querySelector('#review-results-count')!.text.trim()).toBe('2 results');
    const hrefs = results(p);
    expect(hrefs).toHaveLength(2);
    expect(hrefs.every((h) => h.startsWith(`${seen.url}/findings#`))).toBe(true);
    expect(p.all('.app-search-snippet')[0]).toContain('the newest finding');
    const one = await page(w.panel, '/search?q=policy+escalation');
    expect(one.root.querySelector('#review-results-count')!.text.trim()).toBe('1 result');
  });

  it('finds a team member’s results the same from their reviews as from the whole index', async () => {
    const query = (candidates: number) => ({
      match: fts5Match(['escalation']),
      websearch: 'escalation',
      marks: { start: MARK_START, end: MARK_END },
      candidates,
      limit: 21,
      offset: 0,
    });
    const scope = { organisationId: w.orgId, memberId: w.people.manager.id };
    for (const candidates of [MAX_RANKED, 10]) {
      const fromReviews = await repo.search(w.t.testDb.db, scope, query(candidates));
      const fromIndex = await repo.search(w.t.testDb.db, scope, query(candidates), 0);
      expect(fromIndex).toEqual(fromReviews);
      expect(fromReviews.matches).toBe(Math.min(candidates + 1, MAX_RANKED + 3));
    }
    const panel = { organisationId: w.orgId, memberId: w.people.panel.id };
    const mine = await repo.search(w.t.testDb.db, panel, query(MAX_RANKED), 0);
    expect(mine.rows.map((r) => r.review_id)).toEqual([seen.id, seen.id]);
  });
});
