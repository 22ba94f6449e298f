import type { Kysely } from 'kysely';
import type { Answer, Database, MarkerRecordTable, MarkerStatus, QuestionResponseTable } from '../../../db/schema.js';
import { inSavepoint } from '../../../db/savepoint.js';
import { updateVersioned, type VersionedUpdate } from '../../../db/versioned.js';
import { BadRequestError, HttpError, NotFoundError } from '../../../lib/errors.js';
import { auditEvent, commitWithAudit, recordAudit } from '../../audit/audit.service.js';
import { requireContribute, teamOf, type Review } from '../../reviews/reviews.service.js';
import { NO_JUDGEMENT } from './assessments.options.js';
import * as repo from './assessments.repository.js';
import { getRound, type Round } from './assessments.service.js';
import { acceptableJudgement, judgementNeeded, possibleOwner, rationaleNeeded } from './marker-records.rules.js';
import type { PartnershipActor } from '../../../plugins/auth.js';

type Db = Kysely<Database>;
type AuditEvent = ReturnType<typeof auditEvent>;

/** A marker's quality record in a round: read with its answers, saved field by field at a version. */
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

const scaleKeys = (round: Round) => round.scaleOptions.map((o) => o.key);

function requireWritable(review: Review, round: Round) {
  requireContribute(review);
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
  const toSave = await checkedChanges(db, actor, review, round, record, version, changes);
  return saveAudited(db, actor, 'marker_record', { id: record.id }, version, toSave, now, {
    fields: Object.keys(toSave).join(','),
  });
}

/** The changes to a marker record as they will be saved, once every rule allows them; a 400 otherwise. */
async function checkedChanges(
  db: Db,
  actor: PartnershipActor,
  review: Review,
  round: Round,
  record: MarkerRecordTable,
  version: number,
  changes: MarkerChanges,
): Promise<MarkerChanges> {
  // "No judgement yet" sent back unchanged (as an API client does after reading the record) is no change.
  const { judgement, ...rest } = changes;
  const toSave: MarkerChanges = judgement === NO_JUDGEMENT && record.judgement === NO_JUDGEMENT ? rest : changes;
  if (toSave.judgement !== undefined && !acceptableJudgement(toSave.judgement, record.judgement, scaleKeys(round))) {
    throw new HttpError(400, `Judgement must be one of: ${scaleKeys(round).join(', ')}`);
  }
  await requireOwnerOnTeam(db, actor, review, record, toSave.owner_user_id);
  // Checked against the record only when it is the version being changed: a stale save is a conflict.
  const after = { status: toSave.status ?? record.status, judgement: toSave.judgement ?? record.judgement };
  const touched = toSave.status !== undefined || toSave.judgement !== undefined;
  const current = record.version === version;
  const needed = judgementNeeded(after, touched && current);
  if (needed) throw new HttpError(400, needed);
  const reasoned = { judgement: after.judgement, rationale: toSave.rationale ?? record.rationale };
  const reasonTouched = toSave.judgement !== undefined || toSave.rationale !== undefined;
  const reason = rationaleNeeded(reasoned, reasonTouched && current);
  if (reason) throw new HttpError(400, reason);
  return toSave;
}

export interface AnswerChange {
  questionKey: string;
  version: number;
  changes: { answer?: Answer | null; note?: string };
}

/** What a save of the whole marker form did: all of it, or (when any part was stale) none of it. */
export type FormSaved =
  | { ok: true }
  | { ok: false; conflicts: { record?: MarkerRecordTable; answers: Record<string, QuestionResponseTable> } };

/**
 * Saves what the marker form changed (the record's fields and any answers) in one transaction: when any
 * part is stale, nothing is written, so a record never holds a judgement reached on answers that did not
 * save. Each part is checked at the version the person's page showed; every stale part is reported.
 */
export async function saveMarkerForm(
  db: Db,
  actor: PartnershipActor,
  ids: { reviewId: string; roundId: string; markerKey: string },
  record: { version: number; changes: MarkerChanges } | undefined,
  answers: AnswerChange[],
  now = new Date(),
): Promise<FormSaved> {
  const { review, round } = await getRound(db, actor, ids.reviewId, ids.roundId, false);
  requireWritable(review, round);
  let recordSave: { id: string; version: number; changes: MarkerChanges } | undefined;
  if (record) {
    const current = await repo.findRecord(db, actor.organisationId, ids.roundId, ids.markerKey);
    if (!current) throw new NotFoundError();
    const changes = await checkedChanges(db, actor, review, round, current, record.version, record.changes);
    recordSave = { id: current.id, version: record.version, changes };
  }
  const at = now.toISOString();
  const by = { userId: actor.userId, at };
  const stamp = { updated_at: at, updated_by: actor.userId };
  const where = { organisationId: actor.organisationId };
  const result = await commitWithAudit<FormSaved | 'not-found'>(db, (trx) =>
    inSavepoint<{ value: FormSaved | 'not-found'; audit: AuditEvent[] }>(trx, 'marker_form', async () => {
      const conflicts: { record?: MarkerRecordTable; answers: Record<string, QuestionResponseTable> } = {
        answers: {},
      };
      const audit: AuditEvent[] = [];
      let notFound = false;
      if (recordSave) {
        const { id, version, changes } = recordSave;
        const updated = await updateVersioned(
          trx,
          'marker_record',
          { ...where, id },
          version,
          { ...changes, ...stamp },
          by,
        );
        if (updated.ok) {
          const entry = {
            objectType: 'marker_record',
            objectId: id,
            detail: { fields: Object.keys(changes).join(',') },
          };
          audit.push(auditEvent(actor, { action: 'marker_record.updated', ...entry }, now));
        } else if (updated.reason === 'conflict') conflicts.record = updated.current;
        else notFound = true;
      }
      for (const a of answers) {
        const match = { round_id: ids.roundId, marker_key: ids.markerKey, question_key: a.questionKey };
        const updated = await updateVersioned(
          trx,
          'question_response',
          { ...where, match },
          a.version,
          { ...a.changes, ...stamp },
          by,
        );
        if (updated.ok) {
          const entry = { objectType: 'question_response', objectId: updated.row.id };
          audit.push(auditEvent(actor, { action: 'question_response.updated', ...entry }, now));
        } else if (updated.reason === 'conflict') conflicts.answers[a.questionKey] = updated.current;
        else notFound = true;
      }
      const stale = conflicts.record !== undefined || Object.keys(conflicts.answers).length > 0;
      if (notFound) return { keep: false, value: { value: 'not-found' as const, audit: [] } };
      if (stale) return { keep: false, value: { value: { ok: false as const, conflicts }, audit: [] } };
      return { keep: true, value: { value: { ok: true as const }, audit } };
    }),
  );
  if (result === 'not-found') throw new NotFoundError();
  return result;
}

/**
 * A marker's owner is a person on the review's team, whichever way the change comes (the marker page, the
 * API): never free text, nor someone of another partnership. The owner the record already has, sent back
 * unchanged (as an API client does after reading the record), is no change and is accepted.
 */
async function requireOwnerOnTeam(
  db: Db,
  actor: PartnershipActor,
  review: Review,
  record: MarkerRecordTable,
  owner: string | null | undefined,
) {
  if (owner === undefined || owner === null || owner === record.owner_user_id) return;
  const team = await teamOf(db, actor, review.id);
  if (
    !possibleOwner(
      owner,
      team.map((m) => m.user_id),
    )
  ) {
    throw new BadRequestError('owner: choose a person on the review team (the id of one of its members), or null');
  }
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
