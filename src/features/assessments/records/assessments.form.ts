import type { Answer, MarkerStatus } from '../../../db/schema.js';
import { field, rawField, type FieldErrors } from '../../../lib/forms.js';
import { versionFrom } from '../../../lib/versions.js';
import type { Marker } from '../../frameworks/framework.schema.js';
import { ANSWERS } from './assessments.options.js';
import {
  acceptableJudgement,
  answerProblem,
  isMarkerStatus,
  judgementNeeded,
  possibleOwner,
  progressChanged,
  rationaleNeeded,
  reasonChanged,
  tooLong,
} from './marker-records.rules.js';

/** One field as submitted, with the value and version the person's page showed. */
export interface Edit<T> {
  value: T;
  original: T;
  version: number;
  changed: boolean;
}

function edit<T>(value: T, original: T, version: string): Edit<T> {
  return { value, original, version: versionFrom(version), changed: value !== original };
}

export interface MarkerForm {
  record: Edit<{ judgement: string; status: string; rationale: string; owner: string }>;
  questions: { key: string; edit: Edit<{ answer: string; note: string }> }[];
  errors: FieldErrors;
}

/**
 * Reads the marker page form. Each question and the marker's own fields carry the version and the
 * values the page showed, so only what the person changed is saved, and a change someone else made
 * meanwhile to something they did not touch is never reported as a conflict.
 */
export function parseMarkerForm(body: unknown, marker: Marker, scaleKeys: string[], ownerIds: string[]): MarkerForm {
  const errors: FieldErrors = {};
  const rec = {
    judgement: field(body, 'judgement'),
    status: field(body, 'status'),
    rationale: rawField(body, 'rationale').trim(),
    owner: field(body, 'owner'),
  };
  const recOrig = {
    judgement: field(body, 'original-judgement'),
    status: field(body, 'original-status'),
    rationale: rawField(body, 'original-rationale').trim(),
    owner: field(body, 'original-owner'),
  };
  if (!acceptableJudgement(rec.judgement, recOrig.judgement, scaleKeys)) errors.judgement = 'Select a judgement';
  if (!isMarkerStatus(rec.status)) errors.status = 'Select a status';
  const longRationale = tooLong('Rationale', rec.rationale);
  if (longRationale) errors.rationale = longRationale;
  if (!possibleOwner(rec.owner || null, ownerIds)) errors.owner = 'Select an owner from the review team';
  const record = {
    value: rec,
    original: recOrig,
    version: versionFrom(field(body, 'version')),
    changed: JSON.stringify(rec) !== JSON.stringify(recOrig),
  };
  const needed = errors.judgement ? undefined : judgementNeeded(rec, progressChanged(rec, recOrig));
  if (needed) errors.judgement = needed;
  const reason = errors.rationale ? undefined : rationaleNeeded(rec, reasonChanged(rec, recOrig));
  if (reason) errors.rationale = reason;
  const questions = marker.questions.map((q) => {
    const answer = field(body, `answer-${q.key}`);
    const note = rawField(body, `note-${q.key}`).trim();
    const badAnswer = answerProblem(answer);
    if (badAnswer) errors[`answer-${q.key}`] = badAnswer;
    const longNote = tooLong('Note', note);
    if (longNote) errors[`note-${q.key}`] = longNote;
    const e = edit(
      { answer, note },
      { answer: field(body, `original-answer-${q.key}`), note: rawField(body, `original-note-${q.key}`).trim() },
      field(body, `version-${q.key}`),
    );
    e.changed = e.value.answer !== e.original.answer || e.value.note !== e.original.note;
    return { key: q.key, edit: e };
  });
  return { record, questions, errors };
}

export const toAnswer = (value: string): Answer | null => (value in ANSWERS ? (value as Answer) : null);
export const toStatus = (value: string) => value as MarkerStatus;
