/**
 * Search across the partnership's reviews on the /search page: every kind of text found, English word
 * forms, ranked snippets that escape what was written, and only the reviews the person may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAnswer, saveMarkerRecord } from '../assessments/records/marker-records.service.js';
import { addComment } from '../assessments/comments/comments.service.js';
import { addEvidence } from '../evidence/evidence.service.js';
import { makeWorld, page, type World } from '../../../test/helpers/actions-world.js';
import { apiToken, insertPerson, signedInClient, type Client, type Person } from '../../../test/helpers/client.js';
import { insertFindings } from '../../../test/helpers/findings.js';
import type { PartnershipActor } from '../../plugins/auth.js';

let w: World;
let review: { id: string; url: string; reference: string };
let hidden: { id: string; url: string; reference: string };
/** A partnership member on no review's team. */
let stranger: Client;
let markerUrl: string;
let evidenceId: string;

const actorOf = (w: World, p: Person): PartnershipActor => ({
  userId: p.id,
  organisationId: w.orgId,
  partnershipRole: p.role,
  ip: null,
  userAgent: null,
});

/** The review results of a search, as the page shows them. */
async function found(client: Client, q: string, extra = '') {
  const p = await page(client, `/search?q=${encodeURIComponent(q)}${extra}`);
  return p.root.querySelectorAll('[aria-labelledby="review-results-heading"] li').map((li) => ({
    title: li.querySelector('h3 a')!.text.trim(),
    href: li.querySelector('h3 a')!.getAttribute('href')!,
    meta: li.querySelector('.app-secondary-text')!.text.trim(),
    snippet: li.querySelector('.app-search-snippet')!.innerHTML.trim(),
  }));
}

beforeAll(async () => {
  w = await makeWorld();
  review = await w.startReview();
  hidden = await w.startReview();
  const db = w.t.testDb.db;
  const person = await insertPerson(db, w.orgId, 'member');
  stranger = await signedInClient(w.t.app, db, person, w.orgId);

  const post = async (url: string, body: Record<string, string>) =>
    expect((await w.manager.post(url, body)).statusCode, url).toBe(303);
  await post(`${review.url}/findings/new`, {
    kind: 'finding',
    text: 'The chronology missed the <b>GP</b> visits & the "Section 47" enquiry.',
  });
  await post(`${review.url}/findings/new`, { kind: 'recommendation', text: 'Agencies should escalate disagreements.' });
  await post(`${review.url}/actions/new`, {
    kind: 'review-task',
    title: 'Gather the hospital discharge summaries',
    ownerUser: w.people.manager.id,
    ownerName: '',
    status: 'not-started',
  });
  const scope = await page(w.manager, `${review.url}/scope/period`);
  const version = scope.root.querySelector('input[name="version"]')!.getAttribute('value')!;
  await post(`${review.url}/scope/period`, {
    version,
    text: 'From the pregnancy booking to the safeguarding strategy meeting.',
  });
  await post(`${hidden.url}/findings/new`, { kind: 'finding', text: 'A secret chronology only the team may read.' });

  const roundUrl = (await w.manager.post(`${review.url}/rounds/new`, { purpose: 'in-review' })).headers.location;
  const roundId = String(roundUrl).split('/').pop()!;
  const framework = w.t.app.frameworks.list().find((f) => f.key === 'scr-quality-markers')!;
  const marker = framework.stages[0]!.markers[0]!;
  markerUrl = `${review.url}/rounds/${roundId}/markers/${marker.key}`;
  const ids = { reviewId: review.id, roundId, markerKey: marker.key };
  const actor = actorOf(w, w.people.manager);
  await saveMarkerRecord(db, actor, ids, 1, { rationale: 'Partly met: the parents were never interviewed.' });
  await saveAnswer(db, actor, { ...ids, questionKey: marker.questions[0]!.key }, 1, {
    note: 'Practitioners were invited to the learning event.',
  });
  await addComment(db, actor, ids, { body: 'Who quality-assures the genogram?', addressedTo: null });
  evidenceId = (
    await addEvidence(db, actor, ids, { kind: 'link', title: 'Ambulance handover log', url: 'https://example.org/log' })
  ).id;
});

afterAll(async () => {
  await w.t.close();
});

describe('/search in a partnership', () => {
  it('finds every kind of text, each linked to its place, and nothing for someone signed out', async () => {
    const cases: [string, string, string][] = [
      ['missed GP visits', 'Finding 1', `${review.url}/findings#`],
      ['escalate disagreements', 'Recommendation 1', `${review.url}/findings#`],
      ['discharge summaries', 'Action 1', `${review.url}/actions/`],
      ['booking strategy', 'Terms of reference: Period under review', `${review.url}/scope#period`],
      ['parents interviewed', 'Judgement rationale for marker 1', `${markerUrl}#decision`],
      ['learning event', 'Note on question 1 of marker 1', `${markerUrl}#question-`],
      ['genogram', 'Comment on marker 1', `${markerUrl}#comment-`],
      ['ambulance handover', 'Evidence for marker 1', `${markerUrl}#evidence-${evidenceId}`],
    ];
    for (const [q, title, href] of cases) {
      const results = await found(w.manager, q);
      expect(results, q).toHaveLength(1);
      expect(results[0]!.title, q).toContain(title);
      expect(results[0]!.href, q).toContain(href);
      expect(results[0]!.meta, q).toContain(review.reference);
    }
    const anonymous = await w.t.app.inject({ method: 'GET', url: '/search?q=genogram' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).not.toContain('In your partnership');
  });

  it('stems English words and highlights them in an escaped snippet', async () => {
    const [hit, ...more] = await found(w.manager, 'chronologies visits');
    expect(more).toEqual([]);
    expect(hit!.title).toBe(`Finding 1, ${review.reference}`);
    expect(hit!.meta).toBe(`Finding · ${review.reference}: Practice review after an injury to an infant`);
    // SQLite shows the tags as written (escaped); PostgreSQL's parser leaves tag-like words out.
    expect(hit!.snippet).toMatch(
      /<mark>chronology<\/mark> missed the .*GP.* <mark>visits<\/mark> &amp; the &quot;Section 47&quot;/,
    );
    expect(hit!.snippet).not.toContain('<b>');
  });

  it('shows only the reviews the person may see, never another partnership’s', async () => {
    expect((await found(w.manager, 'chronology')).length).toBe(2);
    expect((await found(w.admin, 'chronology')).length).toBe(2);
    expect(await found(stranger, 'chronology')).toEqual([]);
    expect(await found(w.outsider, 'chronology')).toEqual([]);
    await w.t.testDb.db.deleteFrom('review_member').where('review_id', '=', hidden.id).execute();
    const manager = (await found(w.manager, 'chronology')).map((r) => r.href);
    expect(manager).toEqual([expect.stringContaining(review.url)]);
    expect((await found(w.admin, 'chronology')).length).toBe(2);
  });

  it('forgets an edited finding’s old words, removed evidence and a deleted comment', async () => {
    const findingId = (await found(w.manager, 'escalate'))[0]!.href.split('#')[1]!;
    const edit = `${review.url}/findings/${findingId}`;
    const version = (await page(w.manager, edit)).root.querySelector('input[name="version"]')!.getAttribute('value')!;
    const saved = await w.manager.post(edit, { version, text: 'Agencies should resolve professional differences.' });
    expect(saved.statusCode).toBe(303);
    expect(await found(w.manager, 'escalate')).toEqual([]);
    expect(await found(w.manager, 'professional differences')).toHaveLength(1);

    const removed = await w.manager.post(`${markerUrl}/evidence/${evidenceId}/delete`, {});
    expect(removed.statusCode).toBe(303);
    expect(await found(w.manager, 'ambulance')).toEqual([]);
    // Nothing deletes a comment today; a row deleted by any means leaves the index with it.
    await w.t.testDb.db.deleteFrom('comment').where('organisation_id', '=', w.orgId).execute();
    expect(await found(w.manager, 'genogram')).toEqual([]);
  });

  it('pages the results twenty at a time', async () => {
    const texts = Array.from({ length: 21 }, (_, i) => `Thresholds were applied differently in case ${i}.`);
    await insertFindings(w.t.testDb.db, w.orgId, review.id, texts);
    const first = await page(w.manager, '/search?q=thresholds');
    expect(first.all('[aria-labelledby="review-results-heading"] li')).toHaveLength(20);
    const next = first.root.querySelector('.govuk-pagination__next a')!.getAttribute('href');
    expect(next).toBe('/search?q=thresholds&page=2');
    const second = await page(w.manager, next!);
    expect(second.all('[aria-labelledby="review-results-heading"] li')).toHaveLength(1);
    expect(second.root.querySelector('.govuk-pagination__next')).toBeNull();
    expect(second.root.querySelector('.govuk-pagination__prev a')!.getAttribute('href')).toBe(
      '/search?q=thresholds&page=1',
    );
  });

  it('answers hostile queries with results or a clear error, never a failure', async () => {
    for (const q of ['"', '*', 'NEAR(', 'a:b', '-', '"chronology', 'chronology*', 'NOT chronology', '(x OR y)']) {
      const res = await w.manager.get(`/search?q=${encodeURIComponent(q)}`);
      expect([200, 400], q).toContain(res.statusCode);
    }
    expect((await w.manager.get('/search?q=' + 'a'.repeat(1000))).statusCode).toBe(400);
    expect((await w.manager.get('/search?q=')).statusCode).toBe(400);
    expect(await found(w.manager, 'chronology*')).toHaveLength(1);
  });
});

describe('GET /api/v1/search', () => {
  const tokenOf = (p: Person) => apiToken(w.t.testDb.db, w.orgId, p.id, ['read']);
  const ask = (token: string | null, query: string) =>
    w.t.app.inject({
      method: 'GET',
      url: `/api/v1/search?${query}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('answers the person’s results in the documented shape, scoped as the page is', async () => {
    const res = await ask(await tokenOf(w.people.panel), 'q=discharge+summaries');
    expect(res.statusCode).toBe(200);
    const { results } = res.json<{ results: Record<string, string>[] }>();
    expect(results).toHaveLength(1);
    const [hit] = results;
    expect(Object.keys(hit!)).toEqual(['kind', 'reviewId', 'title', 'snippet', 'href']);
    expect([hit!.kind, hit!.reviewId, hit!.title]).toEqual(['Action', review.id, 'Action 1']);
    expect(hit!.snippet).toContain('<mark>discharge</mark> <mark>summaries</mark>');
    expect(hit!.href!.startsWith(`${review.url}/actions/`)).toBe(true);
    const admin = await ask(await tokenOf(w.people.admin), 'q=secret');
    expect(admin.json<{ results: unknown[] }>().results).toHaveLength(1);
    const panel = await ask(await tokenOf(w.people.panel), 'q=secret');
    expect(panel.json<{ results: unknown[] }>().results).toEqual([]);
    expect((await ask(null, 'q=secret')).statusCode).toBe(401);

    const doc = (await w.t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, Record<string, { operationId: string }>>;
    }>();
    expect(doc.paths['/api/v1/search']?.get?.operationId).toBe('searchReviews');
  });

  it('refuses a query with nothing to search for, clearly, and takes hostile ones as words', async () => {
    const token = await tokenOf(w.people.manager);
    for (const q of ['', '"', '*', '-', 'a'.repeat(1000)]) {
      const res = await ask(token, `q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message, q).toMatch(/^q: /);
    }
    for (const q of ['NEAR(chronology', 'a:b', '"chronology', 'chronology -visits', 'x OR y AND NOT z']) {
      expect((await ask(token, `q=${encodeURIComponent(q)}&page=2`)).statusCode, q).toBe(200);
    }
  });
});
