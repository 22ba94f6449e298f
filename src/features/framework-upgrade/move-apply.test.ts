import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import type { ApiError } from '../../../test/helpers/api-json.js';
import { createReview } from '../reviews/reviews.service.js';
import { createRound } from '../assessments/records/assessments.service.js';
import { moveReads, moveWorld, request, v1, type MoveWorld } from './move.fixture.js';

// Moving: the review moves to the newer version (with or without a new round) and old rounds keep theirs.
let w: MoveWorld;
let t: MoveWorld['t'];
let manager: Client;
let chair: Client;
let reviewId: string;
let round1: string;
let round2: string;
let tokens: MoveWorld['tokens'];
beforeAll(async () => {
  w = await moveWorld();
  ({ t, manager, chair, reviewId, round1, round2, tokens } = w);
});
afterAll(async () => w.t.close());
const { url, review, roundsOf, responses, records, api } = moveReads(() => w);

describe('moving a review to a newer framework version', () => {
  it('moves the review, and starts a new round from the latest one with carried-over answers only', async () => {
    const round1Before = { records: await records(round1), responses: await responses(round1) };
    const round2Before = { records: await records(round2), responses: await responses(round2) };
    const { version } = await review();
    const res = await chair.post(url(), { version: '1.1.0', reviewVersion: String(version), startRound: 'yes' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/reviews/${reviewId}/framework\\?done=moved&round=`));
    const done = readPage((await chair.get(res.headers.location as string)).body);
    expect(done.h1).toBe('Review moved to version 1.1.0');
    expect(done.title).toBe('Review moved to version 1.1.0 – LCSPR 7 – Quality Markers');
    expect(done.all('.app-move-rounds tbody td:last-child')).toEqual(['1.0.0', '1.0.0', '1.1.0']);

    const after = await review();
    expect(after.framework_version).toBe('1.1.0');
    expect(after.version).toBe(version + 1);
    const rounds = await roundsOf(reviewId);
    expect(rounds.map((r) => [r.number, r.framework_version, r.status])).toEqual([
      [1, '1.0.0', 'approved'],
      [2, '1.0.0', 'open'],
      [3, '1.1.0', 'open'],
    ]);
    // Past work is exactly as it was.
    expect({ records: await records(round1), responses: await responses(round1) }).toEqual(round1Before);
    expect({ records: await records(round2), responses: await responses(round2) }).toEqual(round2Before);
    expect((JSON.parse(rounds[0]!.scale) as { key: string }[]).map((o: { key: string }) => o.key)).toEqual([
      'met',
      'not-met',
      'not-yet-assessed',
    ]);

    // The new round: version 1.1.0's markers and scale; answers only where the question carried over.
    const round3 = rounds[2]!;
    expect((JSON.parse(round3.scale) as { key: string }[]).map((o: { key: string }) => o.key)).toContain('partly-met');
    const answers = Object.fromEntries(
      (await responses(round3.id)).map((r) => [`${r.marker_key}/${r.question_key}`, r.answer]),
    );
    expect(answers).toEqual({
      'family/offered': null,
      'practitioners/invited': null,
      'records/chronology': null,
      'reviewer-chosen/independent': null,
      'reviewer-chosen/supported': 'no',
      'scope/agreed': 'yes',
      'scope/family-view': 'partly',
      'scope/timescale': null,
    });
    const judged = Object.fromEntries((await records(round3.id)).map((r) => [r.marker_key, r.judgement]));
    expect(judged).toMatchObject({ scope: 'not-met', family: 'not-yet-assessed' });
    expect(judged).not.toHaveProperty('report');

    const events = await t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('action', '=', 'review.framework_moved')
      .execute();
    expect(events).toEqual([
      { action: 'review.framework_moved', detail: '{"from":"1.0.0","to":"1.1.0","roundStarted":true}' },
    ]);
  });

  it('keeps old rounds rendering against the version they were made with', async () => {
    const [r1, r2, r3] = await roundsOf(reviewId);
    const overview = readPage((await manager.get(`/reviews/${reviewId}/rounds/${r1!.id}`)).body);
    expect(overview.text('main')).toContain('Report');
    expect(overview.text('main')).not.toContain('Family involvement');
    const report = await manager.get(`/reviews/${reviewId}/rounds/${r1!.id}/markers/report`);
    expect(report.statusCode).toBe(200);
    const reportPage = readPage(report.body);
    expect(reportPage.text('main')).toContain('This round is signed off and locked.');
    expect(reportPage.text('main')).toContain('Is the report written in plain English?');
    const scope = readPage((await manager.get(`/reviews/${reviewId}/rounds/${r2!.id}/markers/scope`)).body);
    expect(scope.text('main')).toContain('Has the family been asked what they want the review to look at?');
    expect((await manager.get(`/reviews/${reviewId}/rounds/${r2!.id}/markers/report/meeting?q=1`)).statusCode).toBe(
      200,
    );
    expect((await manager.get(`/reviews/${reviewId}/rounds/${r2!.id}/markers/report/history`)).statusCode).toBe(200);

    const newScope = readPage((await manager.get(`/reviews/${reviewId}/rounds/${r3!.id}/markers/scope`)).body);
    expect(newScope.text('main')).toContain('Have family members been asked what they want the review to look at?');
    expect((await manager.get(`/reviews/${reviewId}/rounds/${r3!.id}/markers/report`)).statusCode).toBe(404);
    expect((await manager.get(`/reviews/${reviewId}/rounds/${r3!.id}/markers/family`)).statusCode).toBe(200);

    const apiMarker = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reviews/${reviewId}/rounds/${r1!.id}/markers/report`,
      headers: { authorization: `Bearer ${tokens.manager}` },
    });
    expect(apiMarker.statusCode).toBe(200);
    expect(apiMarker.json<{ questions: { key: string }[] }>().questions.map((q: { key: string }) => q.key)).toEqual([
      'plain',
    ]);

    const compare = readPage((await manager.get(`/reviews/${reviewId}/rounds/compare?a=${r2!.id}&b=${r3!.id}`)).body);
    expect(compare.all('h2')).toContain('Only in version 1.0.0');
    expect(compare.text('main')).toContain('Family involvement');
  });

  it('refuses to move to an older version or the one in use, on the page and the API', async () => {
    const { version } = await review();
    const older = await manager.post(url(), { version: '1.0.0', reviewVersion: String(version) });
    expect(older.statusCode).toBe(400);
    expect(readPage(older.body).errorLinks[0]?.text).toBe(
      'Version 1.0.0 is older than version 1.1.0: a review only moves to a newer version',
    );
    const same = await api(`/api/v1/reviews/${reviewId}/framework-version`, tokens.manager, {
      version: '1.1.0',
      reviewVersion: version,
    });
    expect(same.statusCode).toBe(400);
    expect(same.json<ApiError>().error.message).toBe('version: The review already uses version 1.1.0');
    const list = readPage((await manager.get(url())).body);
    expect(list.text('#no-newer')).toBe(
      'There is no newer version of Riverside local review checks. This review uses the latest.',
    );
  });
});

describe('API: moving without starting a round', () => {
  it('moves the review and leaves every round as it was', async () => {
    const db = t.testDb.db;
    const org = await db
      .selectFrom('review')
      .select('organisation_id')
      .where('id', '=', reviewId)
      .executeTakeFirstOrThrow();
    const m = await db
      .selectFrom('review_member')
      .select('user_id')
      .where('review_id', '=', reviewId)
      .where('role', '=', 'business-manager')
      .executeTakeFirstOrThrow();
    const actor = {
      ...request,
      userId: m.user_id,
      organisationId: org.organisation_id,
      partnershipRole: 'member' as const,
    };
    const input = { title: 'Second', subjectPseudonym: 'Child B', type: 'local-cspr' as const, method: 'systems' };
    const second = await createReview(db, actor, { ...input, reference: 'LCSPR 8', methodOther: null }, v1);
    await createRound(db, actor, second.id, { purpose: 'planning' }, v1);
    const res = await api(`/api/v1/reviews/${second.id}/framework-version`, tokens.manager, {
      version: '1.1.0',
      reviewVersion: second.version,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      dryRun: false,
      review: { id: second.id, frameworkVersion: '1.1.0', version: second.version + 1 },
      round: null,
    });
    expect((await roundsOf(second.id)).map((r) => r.framework_version)).toEqual(['1.0.0']);
    const started = await api(`/api/v1/reviews/${second.id}/rounds`, tokens.manager, { purpose: 'in-review' });
    expect(started.json()).toMatchObject({ number: 2, frameworkVersion: '1.1.0' });
  });
});
