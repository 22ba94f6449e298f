import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { insertOrganisation, insertPerson } from '../../../../test/helpers/client.js';
import { createToken } from '../../accounts/tokens.service.js';
import type { ApiError, Created } from '../../../../test/helpers/api-json.js';

/** What these tests read of a review and a marker record from the API. */
interface ApiReview extends Created {
  timescales: { key: string; status: string }[];
}
interface ApiMarker {
  questions: { key: string }[];
}

let t: TestApp;
let token: string;
let readOnly: string;
let foreign: string;
let memberId: string;
let strangerId: string;
let offTeamId: string;
const actor = { userId: null, organisationId: null, ip: null, userAgent: null };

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  const member = await insertPerson(db, org.id, 'member');
  const stranger = await insertPerson(db, other.id, 'admin', { twoFactor: true });
  memberId = member.id;
  strangerId = stranger.id;
  offTeamId = (await insertPerson(db, org.id, 'member')).id;
  const mk = (organisationId: string, userId: string, scopes: ('read' | 'write')[]) =>
    createToken(db, { organisationId, userId, name: 't', scopes, expiresAt: null }, actor).then((x) => x.token);
  token = await mk(org.id, member.id, ['read', 'write']);
  readOnly = await mk(org.id, member.id, ['read']);
  foreign = await mk(other.id, stranger.id, ['read', 'write']);
});
afterAll(async () => t.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, bearer: string, payload?: object, headers = {}) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${bearer}`, ...headers } });

describe('reviews API', () => {
  it('creates a review, a round, and saves a marker and an answer with versions', async () => {
    const created = await call('POST', '/api/v1/reviews', token, {
      reference: 'RR 2026/01',
      title: 'Rapid review',
      subjectPseudonym: 'Child B',
      type: 'rapid-review',
      frameworkKey: 'scr-quality-markers',
    });
    expect(created.statusCode).toBe(201);
    const review = created.json<Created>();
    expect(review).toMatchObject({ reference: 'RR 2026/01', frameworkVersion: '1.1.0', version: 1 });
    expect((await call('GET', '/api/v1/reviews', token)).json<{ reviews: unknown[] }>().reviews).toHaveLength(1);

    const round = await call('POST', `/api/v1/reviews/${review.id}/rounds`, token, { purpose: 'in-review' });
    expect(round.statusCode).toBe(201);
    const base = `/api/v1/reviews/${review.id}/rounds/${round.json<Created>().id}/markers/assembling-information`;

    const marker = (await call('GET', base, token)).json<ApiMarker>();
    expect(marker).toMatchObject({ judgement: 'not-yet-assessed', status: 'not-started', version: 1 });
    expect(marker.questions.length).toBeGreaterThanOrEqual(4);

    const saved = await call('PUT', base, token, {
      version: 1,
      judgement: 'met',
      status: 'completed',
      rationale: 'Clear reasoning',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ judgement: 'met', version: 2 });

    const stale = await call('PUT', base, token, { version: 1, judgement: 'not-met' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<ApiError>().current).toMatchObject({ judgement: 'met', version: 2 });

    const viaIfMatch = await call('PUT', base, token, { rationale: 'Even clearer' }, { 'if-match': '"2"' });
    expect(viaIfMatch.json()).toMatchObject({ rationale: 'Even clearer', version: 3 });

    const q = marker.questions[0]!.key;
    const answer = await call('PUT', `${base}/questions/${q}`, token, { version: 1, answer: 'partly', note: 'n' });
    expect(answer.json()).toMatchObject({ key: q, answer: 'partly', version: 2 });
    const staleAnswer = await call('PUT', `${base}/questions/${q}`, token, { version: 1, answer: 'no' });
    expect(staleAnswer.statusCode).toBe(409);
    expect(staleAnswer.json<ApiError>().current).toMatchObject({ answer: 'partly', version: 2 });

    expect((await call('PUT', `${base}/questions/${q}`, token, { answer: 'maybe', version: 2 })).statusCode).toBe(400);
    expect((await call('PUT', base, token, { version: 3, judgement: 'excellent' })).statusCode).toBe(400);
    expect((await call('PUT', base, token, { judgement: 'met' })).statusCode).toBe(400);

    const patched = await call('PATCH', `/api/v1/reviews/${review.id}`, token, {
      version: 1,
      decisionDate: '2026-10-01',
    });
    expect(patched.json()).toMatchObject({ dates: { decision: '2026-10-01' }, version: 2 });
  });

  it('shows the timescales worked out from the key dates, in working days', async () => {
    const review = (
      await call('POST', '/api/v1/reviews', token, {
        reference: 'LCSPR 2024/09',
        title: 'Timescales',
        subjectPseudonym: 'Child F',
        type: 'local-cspr',
        frameworkKey: 'scr-quality-markers',
      })
    ).json<ApiReview>();
    expect(review.timescales.map((t: { status: string }) => t.status)).toEqual(Array(6).fill('not-applicable'));
    const dated = await call('PATCH', `/api/v1/reviews/${review.id}`, token, {
      version: 1,
      awarenessDate: '2024-12-02',
      notificationDate: '2024-12-04',
      decisionDate: '2025-01-06',
    });
    expect(dated.statusCode).toBe(200);
    const clock = (key: string, status: string, start: string | null, due: string | null, done: string | null) => ({
      key,
      status,
      start,
      due,
      done,
      originalDue: due,
      changes: [],
    });
    expect(dated.json<ApiReview>().timescales).toEqual([
      // Monday 2 December 2024 + 5 working days; notified on the Wednesday.
      clock('notification', 'met', '2024-12-02', '2024-12-09', '2024-12-04'),
      // 15 working days from 4 December, skipping Christmas Day and Boxing Day; never done, so overdue.
      clock('rapid-review', 'overdue', '2024-12-04', '2024-12-27', null),
      clock('panel-response', 'not-applicable', null, null, null),
      // Telling the Panel of the decision and the reviewer has no fixed number of days.
      clock('panel-told', 'no-deadline', '2025-01-06', null, null),
      clock('report-to-panel', 'not-applicable', null, null, null),
      clock('publication', 'overdue', '2025-01-06', '2025-07-06', null),
    ]);
    expect((await call('GET', `/api/v1/reviews/${review.id}`, token)).json<ApiReview>().timescales).toEqual(
      dated.json<ApiReview>().timescales,
    );
  });

  it('takes as a marker’s owner only a person on the review team, as the marker page does', async () => {
    const review = (
      await call('POST', '/api/v1/reviews', token, {
        reference: 'RR 2026/03',
        title: 'Owners',
        subjectPseudonym: 'Child D',
        type: 'rapid-review',
        frameworkKey: 'scr-quality-markers',
      })
    ).json<ApiReview>();
    const round = (
      await call('POST', `/api/v1/reviews/${review.id}/rounds`, token, { purpose: 'in-review' })
    ).json<Created>();
    const base = `/api/v1/reviews/${review.id}/rounds/${round.id}/markers/analysis`;
    // Free text, a person of another partnership, and one of this partnership who is not on the team.
    for (const owner of ['Anyone at all', strangerId, offTeamId]) {
      const refused = await call('PUT', base, token, { version: 1, owner });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<ApiError>().error).toMatchObject({
        status: 400,
        message: expect.stringMatching(/^owner: /) as unknown,
      });
    }
    expect((await call('GET', base, token)).json()).toMatchObject({ owner: null, version: 1 });

    // The creator is on the team (business manager): taken, then sent back unchanged, then cleared.
    const owned = await call('PUT', base, token, { version: 1, owner: memberId });
    expect(owned.statusCode).toBe(200);
    expect(owned.json()).toMatchObject({ owner: memberId, version: 2 });
    expect((await call('PUT', base, token, { version: 2, owner: memberId, rationale: 'r' })).statusCode).toBe(200);
    expect((await call('PUT', base, token, { version: 3, owner: null })).json()).toMatchObject({ owner: null });
  });

  it('answers another partnership’s ids with 404, never 403', async () => {
    const review = (
      await call('POST', '/api/v1/reviews', token, {
        reference: 'RR 2026/02',
        title: 'x',
        subjectPseudonym: 'Child C',
        type: 'rapid-review',
        frameworkKey: 'scr-quality-markers',
      })
    ).json<ApiReview>();
    expect((await call('GET', `/api/v1/reviews/${review.id}`, foreign)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/v1/reviews/${review.id}`, foreign, { version: 1, title: 'y' })).statusCode).toBe(
      404,
    );
    expect(
      (await call('POST', `/api/v1/reviews/${review.id}/rounds`, foreign, { purpose: 'planning' })).statusCode,
    ).toBe(404);
  });

  it('refuses writes with a read-only token, requests without a token, and real-looking names', async () => {
    expect((await call('GET', '/api/v1/reviews', readOnly)).statusCode).toBe(200);
    const write = await call('POST', '/api/v1/reviews', readOnly, {});
    expect(write.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/reviews' })).statusCode).toBe(401);
    const named = await call('POST', '/api/v1/reviews', token, {
      reference: 'RR 2026/09',
      title: 'x',
      subjectPseudonym: 'Jane Smith',
      type: 'rapid-review',
      frameworkKey: 'scr-quality-markers',
    });
    expect(named.statusCode).toBe(400);
    expect(named.json<ApiError>().error.message).toContain('subjectPseudonym');
  });
});
