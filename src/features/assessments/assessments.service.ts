import type { Kysely, Transaction } from 'kysely';
import type {
  Answer,
  AssessmentRoundTable,
  Database,
  MarkerRecordTable,
  MarkerStatus,
  QuestionResponseTable,
  RoundPurpose,
} from '../../db/schema.js';
import { updateVersioned, type VersionedUpdate } from '../../db/versioned.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { auditEvent, commitWithAudit, recordAudit } from '../audit/audit.service.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import {
  admitToReview,
  getReview,
  requireEdit,
  type PartnershipActor,
  type Review,
} from '../reviews/reviews.service.js';
import {
  initialJudgement,
  isJudged,
  judgementNeededMessage,
  needsJudgement,
  NO_JUDGEMENT,
} from './assessments.options.js';
import * as repo from './assessments.repository.js';

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

const toRound = (r: AssessmentRoundTable): Round => ({
  ...r,
  scaleOptions: JSON.parse(r.scale) as ScaleOption[],
  locked: r.status === 'approved',
});

export async function listRounds(db: Db, actor: PartnershipActor, reviewId: string): Promise<Round[]> {
  await getReview(db, actor, reviewId, { audit: false });
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
 * Starts a round: a record for every marker and a response for every question. With `copyFrom`, the
 * answers, notes, judgements and rationales are carried over and every status goes back to "not
 * started", so what was looked at again is visible.
 */
export async function createRound(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  input: { purpose: RoundPurpose; copyFrom?: string },
  framework: FrameworkFile,
  now = new Date(),
): Promise<Round> {
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireEdit(review);
  return db.transaction().execute((trx) => startRound(trx, actor, reviewId, input, framework, now));
}

/**
 * Starts a round inside the caller's transaction (permission already checked). A round copied from one
 * made with another version of the framework takes the new version's judgement scale, keeps only the
 * judgements that scale still has, and takes each answer from where `answerSource` says it was.
 */
export async function startRound(
  trx: Transaction<Database>,
  actor: PartnershipActor,
  reviewId: string,
  input: { purpose: RoundPurpose; copyFrom?: string },
  framework: FrameworkFile,
  now: Date,
  answerSource: AnswerSource = sameKeys,
): Promise<Round> {
  const at = now.toISOString();
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
  for (const marker of framework.stages.flatMap((s) => s.markers)) {
    const old = oldRecords.get(marker.key);
    records.push({
      ...stamp,
      round_id: round.id,
      id: newId(now.getTime()),
      marker_key: marker.key,
      judgement: old && scaleKeys.has(old.judgement) ? old.judgement : startingJudgement,
      status: 'not-started',
      rationale: old?.rationale ?? '',
      owner_user_id: old?.owner_user_id ?? null,
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
      detail: { purpose: input.purpose, copied: Boolean(source), frameworkVersion: framework.version },
    },
    now,
  );
  return toRound(round);
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

// For other features' reports and exports: the words for the round's keys.
export { ANSWERS, MARKER_STATUSES, ROUND_PURPOSES } from './assessments.options.js';

export interface MarkerRecordView {
  review: Review;
  round: Round;
  record: MarkerRecordTable;
  responses: QuestionResponseTable[];
}

export async function getMarkerRecord(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  roundId: string,
  markerKey: string,
): Promise<MarkerRecordView> {
  const { review, round } = await getRound(db, actor, reviewId, roundId, false);
  const record = await repo.findRecord(db, actor.organisationId, roundId, markerKey);
  if (!record) throw new NotFoundError();
  const responses = await repo.responsesOf(db, actor.organisationId, roundId, markerKey);
  await recordAudit(db, actor, { action: 'marker_record.viewed', objectType: 'marker_record', objectId: record.id });
  return { review, round, record, responses };
}

function requireWritable(review: Review, round: Round) {
  requireEdit(review);
  if (round.locked) throw new HttpError(409, 'This round has been signed off and is locked');
}

export type Saved<T> = { ok: true; record: T } | { ok: false; conflict: T };

export interface MarkerChanges {
  judgement?: string;
  status?: MarkerStatus;
  rationale?: string;
  owner_user_id?: string | null;
}

export async function saveMarkerRecord(
  db: Db,
  actor: PartnershipActor,
  ids: { reviewId: string; roundId: string; markerKey: string },
  version: number,
  changes: MarkerChanges,
  now = new Date(),
): Promise<Saved<MarkerRecordTable>> {
  const { review, round } = await getRound(db, actor, ids.reviewId, ids.roundId, false);
  requireWritable(review, round);
  const record = await repo.findRecord(db, actor.organisationId, ids.roundId, ids.markerKey);
  if (!record) throw new NotFoundError();
  // "No judgement yet" sent back unchanged (as an API client does after reading the record) is no change.
  const { judgement, ...rest } = changes;
  const toSave: MarkerChanges = judgement === NO_JUDGEMENT && record.judgement === NO_JUDGEMENT ? rest : changes;
  if (toSave.judgement !== undefined && !round.scaleOptions.some((o) => o.key === toSave.judgement)) {
    throw new HttpError(400, `Judgement must be one of: ${round.scaleOptions.map((o) => o.key).join(', ')}`);
  }
  // Checked against the record only when it is the version being changed: a stale save is a conflict.
  const status = toSave.status ?? record.status;
  const judged = isJudged(toSave.judgement ?? record.judgement);
  const touched = toSave.status !== undefined || toSave.judgement !== undefined;
  if (touched && record.version === version && needsJudgement(status) && !judged) {
    throw new HttpError(400, judgementNeededMessage(status));
  }
  return saveAudited(db, actor, 'marker_record', { id: record.id }, version, toSave, now, {
    fields: Object.keys(toSave).join(','),
  });
}

export async function saveAnswer(
  db: Db,
  actor: PartnershipActor,
  ids: { reviewId: string; roundId: string; markerKey: string; questionKey: string },
  version: number,
  changes: { answer?: Answer | null; note?: string },
  now = new Date(),
): Promise<Saved<QuestionResponseTable>> {
  const { review, round } = await getRound(db, actor, ids.reviewId, ids.roundId, false);
  requireWritable(review, round);
  const match = { round_id: ids.roundId, marker_key: ids.markerKey, question_key: ids.questionKey };
  return saveAudited(db, actor, 'question_response', { match }, version, changes, now);
}

/**
 * One versioned save and its audit event, committed together; a conflict changes nothing. Saves that
 * arrive together share one transaction and one disk flush (see commitAudited).
 */
async function saveAudited<T extends 'marker_record' | 'question_response'>(
  db: Db,
  actor: PartnershipActor,
  table: T,
  row: { id: string } | { match: Partial<Record<keyof Database[T], string>> },
  version: number,
  changes: Partial<Database[T]>,
  now: Date,
  detail?: Record<string, string>,
): Promise<Saved<Database[T]>> {
  const at = now.toISOString();
  const result = await commitWithAudit<VersionedUpdate<T>>(db, async (trx) => {
    const updated = await updateVersioned(
      trx,
      table,
      { ...row, organisationId: actor.organisationId },
      version,
      { ...changes, updated_at: at, updated_by: actor.userId },
      { userId: actor.userId, at },
    );
    if (!updated.ok) return { value: updated, audit: [] };
    const entry = { action: `${table}.updated`, objectType: table, objectId: updated.row.id, detail };
    return { value: updated, audit: [auditEvent(actor, entry, now)] };
  });
  if (result.ok) return { ok: true, record: result.row };
  if (result.reason === 'not-found') throw new NotFoundError();
  return { ok: false, conflict: result.current };
}
