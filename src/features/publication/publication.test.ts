// The publication record (issue 18 §4): the page and its rules, the 7-working-days check, the briefings and
// learning events, the record on the review page and on the marker that asks about publication, and
// GET/PUT /api/v1/reviews/{id}/publication. Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, makeWorld, page, type World } from '../../../test/helpers/actions-world.js';
import { readPage } from '../../../test/helpers/html.js';
import { createToken } from '../accounts/tokens.service.js';

let w: World;
const tokens = { manager: '', outsider: '' };

beforeAll(async () => {
  w = await makeWorld();
  const db = w.t.testDb.db;
  const noActor = { userId: null, organisationId: null, ip: null, userAgent: null };
  tokens.manager = (
    await createToken(
      db,
      { organisationId: w.orgId, userId: w.people.manager.id, name: 't', scopes: ['read', 'write'], expiresAt: null },
      noActor,
    )
  ).token;
  const other = await db.selectFrom('organisation').select('id').where('id', '<>', w.orgId).executeTakeFirstOrThrow();
  const stranger = await db
    .selectFrom('membership')
    .select('user_id')
    .where('organisation_id', '=', other.id)
    .executeTakeFirstOrThrow();
  tokens.outsider = (
    await createToken(
      db,
      { organisationId: other.id, userId: stranger.user_id, name: 't', scopes: ['read', 'write'], expiresAt: null },
      noActor,
    )
  ).token;
});
afterAll(async () => w.t.close());

const date = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year! };
};

/** A children's review whose final report is dated 1 June 2026. */
async function reviewWithFinalReport(type = 'local-cspr') {
  const review = await w.startReview({ type });
  const res = await w.manager.post(`${review.url}/dates`, { version: '1', ...date('finalReport', '2026-06-01') });
  expect(res.statusCode).toBe(303);
  return review;
}

/** Published Monday 15 June 2026: 7 working days before is Thursday 4 June. */
const FULL = {
  decision: 'full',
  decisionReasons: '',
  decidedBy: 'partners',
  legalCheckBy: 'legal-adviser',
  publishedUrl: 'https://www.anytown-partnership.org.uk/reviews/child-a',
  ...date('decidedOn', '2026-05-28'),
  ...date('legalCheckOn', '2026-06-02'),
  ...date('familyToldOn', '2026-06-10'),
  ...date('copiesSentOn', '2026-06-04'),
  ...date('embargoUntil', '2026-06-15'),
  ...date('publishedOn', '2026-06-15'),
  ...date('onlineUntil', '2027-06-15'),
  ...date('depositedOn', '2026-06-20'),
};

const summaryValue = (p: ReturnType<typeof readPage>, key: string) =>
  p.root
    .querySelectorAll('.app-publication-summary .govuk-summary-list__row')
    .find((r) => r.querySelector('dt')?.text.trim() === key)
    ?.querySelector('dd')
    ?.text.replace(/\s+/g, ' ')
    .trim();

describe('the publication record', () => {
  it('says which dates are not real, keeping what was typed', async () => {
    const { url } = await reviewWithFinalReport();
    const res = await w.manager.post(`${url}/publication`, {
      version: '0',
      ...FULL,
      ...date('decidedOn', '2026-02-31'),
    });
    expect(res.statusCode).toBe(400);
    const p = readPage(res.body);
    expect(p.title).toMatch(/^Error: Publication/);
    expect(p.errorLinks).toEqual([{ text: 'Date of the decision must be a real date', href: '#decidedOn-day' }]);
    expect(p.root.querySelector('#publishedUrl')?.getAttribute('value')).toBe(FULL.publishedUrl);
    expect(p.root.querySelector('#decidedOn-day')?.getAttribute('value')).toBe('31');
  });

  it('checks the order of the dates, the web address and the limits', async () => {
    const { id, url } = await reviewWithFinalReport();
    const res = await w.manager.post(`${url}/publication`, {
      version: '0',
      ...FULL,
      decisionReasons: 'x'.repeat(2001),
      publishedUrl: 'http://www.anytown-partnership.org.uk/reviews/child-a',
      ...date('embargoUntil', '2026-05-01'),
      ...date('publishedOn', '2026-05-20'),
      ...date('familyToldOn', '2026-05-21'),
      ...date('depositedOn', '2026-05-19'),
    });
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks.map((l) => l.text)).toEqual([
      'Reasons must be 2,000 characters or fewer',
      'Enter a web address that starts with https://, like https://www.example.org.uk/reviews/child-a',
      'Date published must be the same as or after the final report (1 June 2026)',
      'Date the family was told must be before publication, or on the day',
      'Date deposited must be the same as or after the date published',
    ]);
    const notPublished = await w.manager.post(`${url}/publication`, {
      version: '0',
      decision: 'not-published',
      decidedBy: 'partners',
      ...date('publishedOn', '2026-06-15'),
    });
    expect(readPage(notPublished.body).errorLinks.map((l) => l.text)).toEqual([
      'Enter why the report is not being published',
      'A report that is not published has no date published: remove the date or change the decision',
    ]);
    expect(await w.t.testDb.db.selectFrom('publication').where('review_id', '=', id).select('id').execute()).toEqual(
      [],
    );
  });

  it('saves, shows the copies met or missed 7 working days ahead, on the review page and the publication marker', async () => {
    const { id, url } = await reviewWithFinalReport();
    expect((await w.manager.post(`${url}/publication`, { version: '0', ...FULL })).statusCode).toBe(303);
    const saved = await page(w.manager, `${url}/publication?saved=record`);
    expect(saved.text('.govuk-notification-banner')).toContain('The publication record has been saved.');
    expect(summaryValue(saved, 'Final report to the Panel and the Secretary of State')).toBe(
      'Met Sent on 4 June 2026; publication on 15 June 2026 needed them by 4 June 2026, 7 working days before.',
    );
    expect(summaryValue(saved, 'Decision')).toBe(
      'Publish the full report, decided on 28 May 2026 by the safeguarding partners',
    );
    expect(summaryValue(saved, 'Deposited in the NSPCC national case review repository')).toBe('20 June 2026');

    const later = await w.manager.post(`${url}/publication`, {
      version: '1',
      ...FULL,
      ...date('copiesSentOn', '2026-06-05'),
    });
    expect(later.statusCode).toBe(303);
    const review = await page(w.viewer, url);
    expect(summaryValue(review, 'Final report to the Panel and the Secretary of State')).toMatch(
      /^Missed Sent on 5 June 2026/,
    );
    expect(summaryValue(review, 'Published')).toBe(`15 June 2026: ${FULL.publishedUrl}`);
    expect((await auditOf(w, id)).filter((a) => a.action === 'publication.saved')).toHaveLength(2);

    const round = (await w.manager.post(`${url}/rounds/new`, { purpose: 'in-review' })).headers.location as string;
    const marker = await page(w.manager, `${round}/markers/publication`);
    expect(marker.text('#publication-record')).toBe('The review’s publication record');
    expect(summaryValue(marker, 'Online until')).toBe('15 June 2027');
    const other = await page(w.manager, `${round}/markers/governance`);
    expect(other.root.querySelector('#publication-record')).toBeNull();
  });

  it('starts the date published from the review’s key date of publication', async () => {
    const { url } = await w.startReview();
    const dates = { version: '1', ...date('finalReport', '2026-06-01'), ...date('publication', '2026-06-15') };
    expect((await w.manager.post(`${url}/dates`, dates)).statusCode).toBe(303);
    const p = await page(w.manager, `${url}/publication`);
    expect(
      ['day', 'month', 'year'].map((part) => p.root.querySelector(`#publishedOn-${part}`)?.getAttribute('value')),
    ).toEqual(['15', '6', '2026']);
  });

  it('names the national SAR library for an adult review, without the children’s copies rule', async () => {
    const { url } = await w.startReview({ type: 'sar' });
    const p = await page(w.manager, `${url}/publication`);
    expect(summaryValue(p, 'Deposited in the national SAR library')).toBe('Not recorded');
    expect(summaryValue(p, 'Final report to the Panel and the Secretary of State')).toBeUndefined();
    expect(p.root.querySelector('#copiesSentOn-day')).toBeNull();
  });

  it('adds and removes briefings and learning events', async () => {
    const { url } = await w.startReview();
    const wrong = await w.manager.post(`${url}/publication/events`, { description: 'x'.repeat(501) });
    expect(wrong.statusCode).toBe(400);
    expect(readPage(wrong.body).errorLinks.map((l) => l.text)).toEqual([
      'Enter the date of the briefing or learning event',
      'Description must be 500 characters or fewer',
    ]);
    const added = await w.manager.post(`${url}/publication/events`, {
      ...date('heldOn', '2026-07-01'),
      description: '7-minute briefing for health visitors',
    });
    expect(added.statusCode).toBe(303);
    const p = await page(w.viewer, url);
    expect(p.all('.app-publication-events li')).toEqual(['1 July 2026: 7-minute briefing for health visitors']);
    const eventId = (await page(w.manager, `${url}/publication`)).root
      .querySelector('form[action$="/events/remove"] input[name=event]')
      ?.getAttribute('value');
    expect((await w.panel.post(`${url}/publication/events/remove`, { event: eventId! })).statusCode).toBe(403);
    expect((await w.outsider.post(`${url}/publication/events/remove`, { event: eventId! })).statusCode).toBe(404);
    expect((await w.manager.post(`${url}/publication/events/remove`, { event: eventId! })).statusCode).toBe(303);
    expect((await page(w.viewer, url)).text('#publication ~ p')).toContain('None recorded yet.');
  });

  it('is changed by those who run the review, read by the team, and not found by another partnership', async () => {
    const { url } = await reviewWithFinalReport();
    const viewer = await page(w.viewer, `${url}/publication`);
    expect(viewer.root.querySelector('form[action$="/publication"]')).toBeNull();
    expect((await w.panel.post(`${url}/publication`, { version: '0', ...FULL })).statusCode).toBe(403);
    expect((await w.outsider.get(`${url}/publication`)).statusCode).toBe(404);
    expect((await w.outsider.post(`${url}/publication`, { version: '0', ...FULL })).statusCode).toBe(404);
    const stale = await w.manager.post(`${url}/publication`, { version: '3', ...FULL });
    expect(stale.statusCode).toBe(409);
    expect(readPage(stale.body).text('.govuk-notification-banner')).toContain(
      'Someone else changed the publication record',
    );
  });
});

describe('GET and PUT /api/v1/reviews/{id}/publication', () => {
  const api = (token: string, method: 'GET' | 'PUT', id: string, payload?: object) =>
    w.t.app.inject({
      method,
      url: `/api/v1/reviews/${id}/publication`,
      payload,
      headers: { authorization: `Bearer ${token}` },
    });
  const body = {
    decision: 'improvements-only',
    decisionReasons: 'The family asked that the full report is not published.',
    decidedBy: 'partners',
    decidedOn: '2026-05-28',
    legalCheckOn: null,
    legalCheckBy: null,
    familyToldOn: '2026-06-10',
    copiesSentOn: '2026-06-04',
    embargoUntil: null,
    publishedOn: '2026-06-15',
    publishedUrl: 'https://www.anytown-partnership.org.uk/reviews/child-a',
    onlineUntil: '2027-06-15',
    depositedOn: null,
    events: [{ heldOn: '2026-07-01', description: 'Learning event for the hub' }],
  };

  it('reads and saves the record by the page’s rules', async () => {
    const { id } = await reviewWithFinalReport();
    const empty = await api(tokens.manager, 'GET', id);
    expect(empty.json()).toMatchObject({
      reviewId: id,
      version: 0,
      decision: null,
      copiesCheck: 'not-sent',
      events: [],
    });

    const early = await api(tokens.manager, 'PUT', id, { ...body, version: 0, publishedOn: '2026-05-31' });
    expect(early.statusCode).toBe(400);
    expect(early.json<{ error: { message: string } }>().error.message).toBe(
      'publishedOn: Date published must be the same as or after the final report (1 June 2026); familyToldOn: Date the family was told must be before publication, or on the day',
    );
    const saved = await api(tokens.manager, 'PUT', id, { ...body, version: 0 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 1, copiesCheck: 'met', decision: 'improvements-only' });
    expect(saved.json<{ events: { description: string }[] }>().events.map((e) => e.description)).toEqual([
      'Learning event for the hub',
    ]);
    const stale = await api(tokens.manager, 'PUT', id, { ...body, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ current: { version: number } }>().current.version).toBe(1);
    expect((await api(tokens.outsider, 'GET', id)).statusCode).toBe(404);
    expect((await api(tokens.outsider, 'PUT', id, { ...body, version: 1 })).statusCode).toBe(404);
  });
});
