import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixtures/frameworks/fixtures.js';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { addToTeam } from '../../../test/helpers/reviews.js';
import { paths } from '../../lib/paths.js';
import { createToken } from '../accounts/tokens.service.js';
import { loadFrameworkFiles } from '../frameworks/framework.load.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { createReview } from '../reviews/reviews.service.js';
import { createRound } from '../assessments/records/assessments.service.js';
import { saveAnswer, saveMarkerRecord } from '../assessments/records/marker-records.service.js';
import { addComment } from '../assessments/comments/comments.service.js';
import { addEvidence } from '../evidence/evidence.service.js';
import { signOffStep } from '../assessments/sign-off/signoff.service.js';
import type { ApiError } from '../../../test/helpers/api-json.js';

/** What the dry-run test reads of the API's preview of a move. */
interface DryRun {
  dryRun: boolean;
  review: unknown;
  preview: {
    markers: { added: { key: string }[]; dropped: unknown[] };
    questions: { carried: { reworded: boolean }[] };
  };
}

// Two hand-made versions of one framework (test/fixtures/frameworks/local-v1.yaml and local-v2.yaml),
// each with a scale that has the judgement every marker starts with; 1.1.0 adds "Partly met".
const scale = (extra: { key: string; label: string }[] = []) => [
  { key: 'met', label: 'Met' },
  ...extra,
  { key: 'not-met', label: 'Not met' },
  { key: 'not-yet-assessed', label: 'Not yet assessed' },
];
const v1: FrameworkFile = { ...fixture('local-v1.yaml'), scale: scale() };
const v2: FrameworkFile = { ...fixture('local-v2.yaml'), scale: scale([{ key: 'partly-met', label: 'Partly met' }]) };

let t: TestApp;
let manager: Client;
let chair: Client;
let observer: Client;
let otherAdmin: Client;
let reviewId: string;
let otherReviewId: string;
let round1: string;
let round2: string;
let tokens: { manager: string; panel: string };
const request = { ip: '127.0.0.1', userAgent: 'move test' };

const review = () => t.testDb.db.selectFrom('review').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow();
const roundsOf = (id: string) =>
  t.testDb.db.selectFrom('assessment_round').selectAll().where('review_id', '=', id).orderBy('number').execute();
const responses = (roundId: string) =>
  t.testDb.db
    .selectFrom('question_response')
    .select(['marker_key', 'question_key', 'answer', 'note'])
    .where('round_id', '=', roundId)
    .orderBy('marker_key')
    .orderBy('question_key')
    .execute();
const records = (roundId: string) =>
  t.testDb.db
    .selectFrom('marker_record')
    .select(['marker_key', 'judgement', 'rationale', 'status'])
    .where('round_id', '=', roundId)
    .orderBy('marker_key')
    .execute();
const api = (path: string, token: string, body: unknown) =>
  t.app.inject({
    method: 'POST',
    url: path,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });

beforeAll(async () => {
  t = await buildTestApp({ catalogue: new FrameworkCatalogue([...loadFrameworkFiles(paths.frameworks), v1, v2]) });
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Riverside Safeguarding Partnership');
  const other = await insertOrganisation(db, 'Otherton Safeguarding Adults Board');
  const m = await insertPerson(db, org.id, 'member');
  const c = await insertPerson(db, org.id, 'member');
  const o = await insertPerson(db, org.id, 'member');
  const p = await insertPerson(db, org.id, 'member');
  const x = await insertPerson(db, other.id, 'admin', { twoFactor: true });
  manager = await signedInClient(t.app, db, m, org.id);
  chair = await signedInClient(t.app, db, c, org.id);
  observer = await signedInClient(t.app, db, o, org.id);
  otherAdmin = await signedInClient(t.app, db, x, other.id);
  const actor = { ...request, userId: m.id, organisationId: org.id, partnershipRole: 'member' as const };
  const input = { title: 'Review', subjectPseudonym: 'Child A', type: 'local-cspr' as const, method: 'systems' };
  const made = await createReview(db, actor, { ...input, reference: 'LCSPR 7', methodOther: null }, v1);
  reviewId = made.id;
  const otherActor = { ...request, userId: x.id, organisationId: other.id, partnershipRole: 'admin' as const };
  otherReviewId = (await createReview(db, otherActor, { ...input, reference: 'X 1', methodOther: null }, v1)).id;
  await addToTeam(db, org.id, reviewId, [
    [c, 'chair'],
    [o, 'observer'],
    [p, 'panel-member'],
  ] as const);

  // Round 1: answered, judged and signed off (locked). Round 2: copied from it, still open, with
  // evidence and a comment on the marker version 1.1.0 drops.
  round1 = (await createRound(db, actor, reviewId, { purpose: 'planning' }, v1)).id;
  const ids = (roundId: string, markerKey: string) => ({ reviewId, roundId, markerKey });
  const answer = async (roundId: string, markerKey: string, questionKey: string, a: 'yes' | 'partly' | 'no') => {
    const saved = await saveAnswer(db, actor, { ...ids(roundId, markerKey), questionKey }, 1, { answer: a });
    if (!saved.ok) throw new Error('not saved');
  };
  await answer(round1, 'scope', 'agreed', 'yes');
  await answer(round1, 'scope', 'family-view', 'partly');
  await answer(round1, 'practitioners', 'supported', 'no');
  await answer(round1, 'report', 'plain', 'yes');
  await saveMarkerRecord(db, actor, ids(round1, 'report'), 1, { judgement: 'met', rationale: 'Short and clear' });
  await saveMarkerRecord(db, actor, ids(round1, 'scope'), 1, { judgement: 'not-met', rationale: 'No dates' });
  const chairActor = { ...actor, userId: c.id };
  await signOffStep(db, actor, { reviewId, roundId: round1 }, 'send', '');
  await signOffStep(db, chairActor, { reviewId, roundId: round1 }, 'approve', '');
  round2 = (await createRound(db, actor, reviewId, { purpose: 'in-review', copyFrom: round1 }, v1)).id;
  await addEvidence(db, actor, ids(round2, 'report'), { kind: 'note', title: 'Draft report', note: 'Read it' });
  await addComment(db, actor, ids(round2, 'report'), 'Is this short enough?');
  await addComment(db, actor, ids(round2, 'scope'), 'On a marker that stays');

  const token = async (userId: string) =>
    (
      await createToken(
        db,
        { organisationId: org.id, userId, name: 'test', scopes: ['read', 'write'], expiresAt: null },
        { ...request, userId, organisationId: org.id },
      )
    ).token;
  tokens = { manager: await token(m.id), panel: await token(p.id) };
});
afterAll(async () => t.close());

const page = `/reviews/${'ID'}/framework`;
const url = () => page.replace('ID', reviewId);

describe('moving a review to a newer framework version', () => {
  it('lists the newer versions the partnership can see', async () => {
    const res = await manager.get(url());
    expect(res.statusCode).toBe(200);
    const p = readPage(res.body);
    expect(p.h1).toBe('Framework version');
    expect(p.all('.govuk-radios__label')).toEqual(['Version 1.1.0']);
  });

  it('previews what is carried over, added and dropped, before anything changes', async () => {
    const res = await manager.get(`${url()}?version=1.1.0`);
    expect(res.statusCode).toBe(200);
    const p = readPage(res.body);
    expect(p.h1).toBe('Move to version 1.1.0');
    expect(p.all('.app-move-carried tbody th')).toEqual([
      '1. Scope',
      '2. Choosing the reviewer',
      '3. Records',
      "4. Practitioners' voices",
    ]);
    expect(p.all('.app-move-carried tbody td:last-child')).toEqual([
      '1 question reworded',
      '1 question moved here from another marker',
      'Unchanged',
      '1 question moved to another marker',
    ]);
    expect(p.all('.app-move-reworded tbody td')).toEqual([
      '1. Scope',
      'Has the family been asked what they want the review to look at?',
      'Have family members been asked what they want the review to look at?',
    ]);
    expect(p.all('.app-move-moved li')).toEqual([
      "Were practitioners offered support before and after?: was in 3. Practitioners' voices, now in 2. Choosing the reviewer. Its answer is carried over.",
    ]);
    expect(p.all('.app-move-added li')).toEqual(['Marker 5. Family involvement (1 question)']);
    // Round 2 has the dropped marker's answer (copied), its judgement, one evidence note and one comment.
    expect(p.all('.app-move-dropped tbody tr')).toEqual(['5. Report 1 1 1 1']);
    expect(p.root.querySelector('.app-move-dropped-questions')).toBeNull();
    expect(p.text('.govuk-warning-text')).toContain('Nothing is deleted');
    expect(p.all('.app-move-scale li')).toEqual(['Added: Partly met']);
    expect(p.text(`form[action="${url()}"] button`)).toBe('Move the review to version 1.1.0');
    expect((await review()).framework_version).toBe('1.0.0');
  });

  it('answers the same preview as JSON on a dry run, changing nothing', async () => {
    const res = await api(`/api/v1/reviews/${reviewId}/framework-version?dryRun=true`, tokens.panel, {
      version: '1.1.0',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<DryRun>();
    expect(body.dryRun).toBe(true);
    expect(body.review).toMatchObject({ frameworkVersion: '1.0.0' });
    expect(body.preview.markers.added.map((m: { key: string }) => m.key)).toEqual(['family']);
    expect(body.preview.markers.dropped).toEqual([
      {
        key: 'report',
        number: 5,
        title: 'Report',
        leftBehind: { answers: 1, judgements: 1, evidence: 1, comments: 1 },
      },
    ]);
    const reworded = body.preview.questions.carried.filter((q: { reworded: boolean }) => q.reworded);
    expect(reworded).toEqual([
      {
        markerKey: 'scope',
        key: 'family-view',
        text: 'Have family members been asked what they want the review to look at?',
        was: {
          markerKey: 'scope',
          key: 'family-view',
          text: 'Has the family been asked what they want the review to look at?',
        },
        reworded: true,
        moved: false,
      },
    ]);
    expect(body.preview.questions.carried).toHaveLength(7);
    expect((await review()).framework_version).toBe('1.0.0');
  });

  it('lets an observer read the preview but not move the review', async () => {
    const res = await observer.get(`${url()}?version=1.1.0`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(`action="${url()}"`);
    expect(readPage(res.body).text('.govuk-inset-text')).toContain('Only the business manager, the chair');
    const { version } = await review();
    const post = await observer.post(url(), { version: '1.1.0', reviewVersion: String(version) });
    expect(post.statusCode).toBe(403);
    expect((await review()).framework_version).toBe('1.0.0');
  });

  it('answers another partnership with 404', async () => {
    expect((await otherAdmin.get(url())).statusCode).toBe(404);
    expect((await otherAdmin.post(url(), { version: '1.1.0', reviewVersion: '1' })).statusCode).toBe(404);
    expect((await manager.get(page.replace('ID', otherReviewId))).statusCode).toBe(404);
    expect(
      (
        await api(`/api/v1/reviews/${otherReviewId}/framework-version`, tokens.manager, {
          version: '1.1.0',
          reviewVersion: 1,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('refuses a stale review version, changing nothing', async () => {
    const { version } = await review();
    const res = await manager.post(url(), { version: '1.1.0', reviewVersion: String(version + 7), startRound: 'yes' });
    expect(res.statusCode).toBe(409);
    expect(readPage(res.body).text('.govuk-notification-banner')).toContain('Someone changed this review');
    const apiRes = await api(`/api/v1/reviews/${reviewId}/framework-version`, tokens.manager, {
      version: '1.1.0',
      reviewVersion: version + 7,
    });
    expect(apiRes.statusCode).toBe(409);
    expect(apiRes.json<ApiError>().current).toEqual({
      id: reviewId,
      frameworkKey: 'riverside-review-checks',
      frameworkVersion: '1.0.0',
      version,
    });
    expect(await roundsOf(reviewId)).toHaveLength(2);
  });

  it('refuses the version the review already uses, and one that does not exist', async () => {
    const { version } = await review();
    const same = await manager.post(url(), { version: '1.0.0', reviewVersion: String(version) });
    expect(same.statusCode).toBe(400);
    const p = readPage(same.body);
    expect(p.title).toMatch(/^Error: /);
    expect(p.errorLinks).toEqual([{ text: 'The review already uses version 1.0.0', href: '#version' }]);
    expect((await manager.get(`${url()}?version=7.0.0`)).statusCode).toBe(400);
  });

  it('moves the review, and starts a new round from the latest one with carried-over answers only', async () => {
    const round1Before = { records: await records(round1), responses: await responses(round1) };
    const round2Before = { records: await records(round2), responses: await responses(round2) };
    const { version } = await review();
    const res = await chair.post(url(), { version: '1.1.0', reviewVersion: String(version), startRound: 'yes' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^/reviews/${reviewId}/framework\\?done=moved&round=`));
    const done = readPage((await chair.get(res.headers.location as string)).body);
    expect(done.h1).toBe('Review moved to version 1.1.0');
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
