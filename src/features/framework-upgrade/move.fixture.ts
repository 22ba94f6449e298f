// The world the framework-upgrade tests (move.test.ts, move-apply.test.ts) run in: two hand-made versions of
// one framework, a partnership's review on the older one with two rounds, another partnership's review.
import { fixture } from '../../../test/fixtures/frameworks/fixtures.js';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
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

// Two hand-made versions of one framework (test/fixtures/frameworks/local-v1.yaml and local-v2.yaml),
// each with a scale that has the judgement every marker starts with; 1.1.0 adds "Partly met".
const scale = (extra: { key: string; label: string }[] = []) => [
  { key: 'met', label: 'Met' },
  ...extra,
  { key: 'not-met', label: 'Not met' },
  { key: 'not-yet-assessed', label: 'Not yet assessed' },
];
export const v1: FrameworkFile = { ...fixture('local-v1.yaml'), scale: scale() };
export const v2: FrameworkFile = {
  ...fixture('local-v2.yaml'),
  scale: scale([{ key: 'partly-met', label: 'Partly met' }]),
};

export const request = { ip: '127.0.0.1', userAgent: 'move test' };

export interface MoveWorld {
  t: TestApp;
  manager: Client;
  chair: Client;
  observer: Client;
  otherAdmin: Client;
  reviewId: string;
  otherReviewId: string;
  round1: string;
  round2: string;
  tokens: { manager: string; panel: string };
}

/** Builds the app and the world; the caller closes `t`. */
export async function moveWorld(): Promise<MoveWorld> {
  const t = await buildTestApp({
    catalogue: new FrameworkCatalogue([...loadFrameworkFiles(paths.frameworks), v1, v2]),
  });
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Riverside Safeguarding Partnership');
  const other = await insertOrganisation(db, 'Otherton Safeguarding Adults Board');
  const m = await insertPerson(db, org.id, 'member');
  const c = await insertPerson(db, org.id, 'member');
  const o = await insertPerson(db, org.id, 'member');
  const p = await insertPerson(db, org.id, 'member');
  const x = await insertPerson(db, other.id, 'admin', { twoFactor: true });
  const manager = await signedInClient(t.app, db, m, org.id);
  const chair = await signedInClient(t.app, db, c, org.id);
  const observer = await signedInClient(t.app, db, o, org.id);
  const otherAdmin = await signedInClient(t.app, db, x, other.id);
  const actor = { ...request, userId: m.id, organisationId: org.id, partnershipRole: 'member' as const };
  const input = { title: 'Review', subjectPseudonym: 'Child A', type: 'local-cspr' as const, method: 'systems' };
  const made = await createReview(db, actor, { ...input, reference: 'LCSPR 7', methodOther: null }, v1);
  const reviewId = made.id;
  const otherActor = { ...request, userId: x.id, organisationId: other.id, partnershipRole: 'admin' as const };
  const otherReviewId = (await createReview(db, otherActor, { ...input, reference: 'X 1', methodOther: null }, v1)).id;
  await addToTeam(db, org.id, reviewId, [
    [c, 'chair'],
    [o, 'observer'],
    [p, 'panel-member'],
  ] as const);

  // Round 1: answered, judged and signed off (locked). Round 2: copied from it, still open, with
  // evidence and a comment on the marker version 1.1.0 drops.
  const round1 = (await createRound(db, actor, reviewId, { purpose: 'planning' }, v1)).id;
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
  const round2 = (await createRound(db, actor, reviewId, { purpose: 'in-review', copyFrom: round1 }, v1)).id;
  await addEvidence(db, actor, ids(round2, 'report'), { kind: 'note', title: 'Draft report', note: 'Read it' });
  await addComment(db, actor, ids(round2, 'report'), { body: 'Is this short enough?', addressedTo: null });
  await addComment(db, actor, ids(round2, 'scope'), { body: 'On a marker that stays', addressedTo: null });

  const token = async (userId: string) =>
    (
      await createToken(
        db,
        { organisationId: org.id, userId, name: 'test', scopes: ['read', 'write'], expiresAt: null },
        { ...request, userId, organisationId: org.id },
      )
    ).token;
  const tokens = { manager: await token(m.id), panel: await token(p.id) };
  return { t, manager, chair, observer, otherAdmin, reviewId, otherReviewId, round1, round2, tokens };
}

export const page = `/reviews/${'ID'}/framework`;

/** What the tests read and send, in the world `world()` gives once it is built. */
export function moveReads(world: () => MoveWorld) {
  const db = () => world().t.testDb.db;
  return {
    url: () => page.replace('ID', world().reviewId),
    review: () => db().selectFrom('review').selectAll().where('id', '=', world().reviewId).executeTakeFirstOrThrow(),
    roundsOf: (id: string) =>
      db().selectFrom('assessment_round').selectAll().where('review_id', '=', id).orderBy('number').execute(),
    responses: (roundId: string) =>
      db()
        .selectFrom('question_response')
        .select(['marker_key', 'question_key', 'answer', 'note'])
        .where('round_id', '=', roundId)
        .orderBy('marker_key')
        .orderBy('question_key')
        .execute(),
    records: (roundId: string) =>
      db()
        .selectFrom('marker_record')
        .select(['marker_key', 'judgement', 'rationale', 'status'])
        .where('round_id', '=', roundId)
        .orderBy('marker_key')
        .execute(),
    api: (path: string, token: string, body: unknown) =>
      world().t.app.inject({
        method: 'POST',
        url: path,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      }),
  };
}
