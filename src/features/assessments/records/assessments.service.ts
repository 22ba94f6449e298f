import type { Kysely, Transaction } from 'kysely';
import type {
  AssessmentRoundTable,
  Database,
  MarkerRecordTable,
  QuestionResponseTable,
  ReviewType,
  RoundPurpose,
} from '../../../db/schema.js';
import { BadRequestError, NotFoundError } from '../../../lib/errors.js';
import { newId } from '../../../lib/ids.js';
import { recordAudit } from '../../audit/audit.service.js';
import type { FrameworkFile } from '../../frameworks/framework.schema.js';
import { admitToReview, getReview, requireManage } from '../../reviews/reviews.service.js';
import { initialJudgement } from './assessments.options.js';
import * as repo from './assessments.repository.js';
import { presetFor } from '../rounds/round-defaults.js';
import { allMarkerKeys, orderedSelection } from '../rounds/round-markers.js';
import type { PartnershipActor } from '../../../plugins/auth.js';

type Db = Kysely<Database>;

export interface ScaleOption {
  key: string;
  label: string;
  description?: string;
}

export interface Round extends AssessmentRoundTable {
  scaleOptions: ScaleOption[];
  locked: boolean;
}

/** A round just started, with the keys of the markers it covers in the framework's order. */
export interface StartedRound extends Round {
  markerKeys: string[];
}

/** What a new round is for, where it starts from, and the markers it covers (without: every marker). */
export interface NewRound {
  purpose: RoundPurpose;
  copyFrom?: string;
  markers?: readonly string[];
}

const toRound = (r: AssessmentRoundTable): Round => ({
  ...r,
  scaleOptions: JSON.parse(r.scale) as ScaleOption[],
  locked: r.status === 'approved',
});

export async function listRounds(db: Db, actor: PartnershipActor, reviewId: string): Promise<Round[]> {
  await getReview(db, actor, reviewId, { audit: false });
  return (await repo.listRounds(db, actor.organisationId, reviewId)).map(toRound);
}

/** The rounds a new round may start from, for those who may start one (the policy's 'review.manage'; 403). */
export async function newRoundChoices(db: Db, actor: PartnershipActor, reviewId: string): Promise<Round[]> {
  requireManage(await getReview(db, actor, reviewId, { audit: false }));
  return (await repo.listRounds(db, actor.organisationId, reviewId)).map(toRound);
}

/** The review and one of its rounds, or not found. */
export async function getRound(db: Db, actor: PartnershipActor, reviewId: string, roundId: string, audit = true) {
  const found = await repo.findRoundWithReview(db, actor.organisationId, reviewId, roundId, actor.userId);
  if (!found) throw new NotFoundError();
  return { review: await admitToReview(db, actor, found.review, { audit }), round: toRound(found.round) };
}

/** Where a question of the new round takes its answer from in the round copied: "marker/question" keys. */
export type AnswerSource = (markerKey: string, questionKey: string) => string | undefined;

const sameKeys: AnswerSource = (markerKey, questionKey) => `${markerKey}/${questionKey}`;

/**
 * Starts a round: a record for each marker it covers (`markers`, or every marker) and a response for each
 * of their questions. With `copyFrom`, the
 * answers, notes, judgements and rationales are carried over and every status goes back to "not
 * started", so what was looked at again is visible.
 */
export async function createRound(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  input: NewRound,
  framework: FrameworkFile,
  now = new Date(),
): Promise<StartedRound> {
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireManage(review);
  return db
    .transaction()
    .execute((trx) => startRound(trx, actor, reviewId, { ...input, reviewType: review.type }, framework, now));
}

/**
 * Starts a round inside the caller's transaction (permission already checked). A round copied from one
 * made with another version of the framework takes the new version's judgement scale, keeps only the
 * judgements that scale still has, and takes each answer from where `answerSource` says it was.
 * Given the review's type, a first round starts as practice expects (see round-defaults.ts).
 */
export async function startRound(
  trx: Transaction<Database>,
  actor: PartnershipActor,
  reviewId: string,
  input: NewRound & { reviewType?: ReviewType },
  framework: FrameworkFile,
  now: Date,
  answerSource: AnswerSource = sameKeys,
): Promise<StartedRound> {
  const at = now.toISOString();
  const markerKeys = input.markers ? orderedSelection(framework, input.markers) : allMarkerKeys(framework);
  if (!markerKeys?.length) throw new BadRequestError('markers: choose at least one of the framework’s markers');
  const existing = await repo.listRounds(trx, actor.organisationId, reviewId);
  const source = input.copyFrom ? existing.find((r) => r.id === input.copyFrom) : undefined;
  if (input.copyFrom && !source) throw new NotFoundError('There is no such round to copy from');
  const sameVersion = source?.framework_version === framework.version;
  const round: AssessmentRoundTable = {
    id: newId(now.getTime()),
    organisation_id: actor.organisationId,
    review_id: reviewId,
    number: existing.reduce((n, r) => Math.max(n, r.number), 0) + 1,
    purpose: input.purpose,
    status: 'open',
    scale: source && sameVersion ? source.scale : JSON.stringify(framework.scale),
    framework_version: framework.version,
    copied_from: source?.id ?? null,
    sent_for_sign_off_at: null,
    sent_for_sign_off_by: null,
    decided_at: null,
    decided_by: null,
    decision_comment: null,
    version: 1,
    created_at: at,
    created_by: actor.userId,
    meeting_on: null,
  };
  const scale = JSON.parse(round.scale) as ScaleOption[];
  const scaleKeys = new Set(scale.map((o) => o.key));
  const startingJudgement = initialJudgement(scale);
  const oldRecords = new Map(
    (source ? await repo.recordsOf(trx, actor.organisationId, source.id) : []).map((r) => [r.marker_key, r]),
  );
  const oldResponses = new Map(
    (source ? await repo.responsesOf(trx, actor.organisationId, source.id) : []).map((r) => [
      `${r.marker_key}/${r.question_key}`,
      r,
    ]),
  );
  const records: MarkerRecordTable[] = [];
  const responses: QuestionResponseTable[] = [];
  const stamp = { version: 1, updated_at: at, updated_by: actor.userId, organisation_id: actor.organisationId };
  const firstRound = !existing.length && !source;
  for (const marker of framework.stages.flatMap((s) => s.markers)) {
    if (!markerKeys.includes(marker.key)) continue;
    const old = oldRecords.get(marker.key);
    const preset = input.reviewType
      ? presetFor({ type: input.reviewType }, framework, firstRound, marker.key)
      : undefined;
    records.push({
      ...stamp,
      round_id: round.id,
      id: newId(now.getTime()),
      marker_key: marker.key,
      judgement: old && scaleKeys.has(old.judgement) ? old.judgement : startingJudgement,
      status: 'not-started',
      rationale: old?.rationale ?? '',
      owner_user_id: old?.owner_user_id ?? null,
      ...preset,
    });
    for (const q of marker.questions) {
      const from = answerSource(marker.key, q.key);
      const prev = from ? oldResponses.get(from) : undefined;
      responses.push({
        ...stamp,
        round_id: round.id,
        id: newId(now.getTime()),
        marker_key: marker.key,
        question_key: q.key,
        answer: prev?.answer ?? null,
        note: prev?.note ?? '',
      });
    }
  }
  await repo.insertRound(trx, round);
  await repo.insertRecords(trx, records, responses);
  await recordAudit(
    trx,
    actor,
    {
      action: 'round.created',
      objectType: 'assessment_round',
      objectId: round.id,
      detail: {
        purpose: input.purpose,
        copied: Boolean(source),
        frameworkVersion: framework.version,
        markers: markerKeys.length,
      },
    },
    now,
  );
  return { ...toRound(round), markerKeys };
}

/** The review's rounds as stored, oldest first (the caller has checked the person may see the review). */
export async function reviewRoundRows(db: Db, actor: PartnershipActor, reviewId: string) {
  return repo.listRounds(db, actor.organisationId, reviewId);
}

/** One marker's record in a round, if there is one (the caller has checked the person may see the review). */
export async function roundRecord(db: Db, actor: PartnershipActor, roundId: string, markerKey: string) {
  return repo.findRecord(db, actor.organisationId, roundId, markerKey);
}

export async function roundRecords(db: Db, actor: PartnershipActor, roundId: string) {
  return repo.recordsOf(db, actor.organisationId, roundId);
}

/** Each marker's status and judgement in a round (the caller has checked the person may see its review). */
export async function roundStatuses(db: Db, actor: PartnershipActor, roundId: string) {
  return repo.statusesOf(db, actor.organisationId, roundId);
}

/** Every answer in a round (the caller has checked the person may see its review). */
export async function roundResponses(db: Db, actor: PartnershipActor, roundId: string) {
  return repo.responsesOf(db, actor.organisationId, roundId);
}

// For other features' reports, exports and the framework upgrade: the words for the round's keys, and
// whether a judgement has been reached.
export { ANSWERS, isJudged, MARKER_STATUSES, ROUND_PURPOSES } from './assessments.options.js';
