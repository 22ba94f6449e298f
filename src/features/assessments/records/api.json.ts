import type { MarkerRecordTable, QuestionResponseTable } from '../../../db/schema.js';
import { NO_JUDGEMENT } from './assessments.options.js';
import type { StartedRound } from './assessments.service.js';

/** A marker record and its answers as the API shows them. */
export function markerJson(record: MarkerRecordTable, responses: QuestionResponseTable[], order: string[]) {
  const sorted = [...responses].sort((a, b) => order.indexOf(a.question_key) - order.indexOf(b.question_key));
  return {
    markerKey: record.marker_key,
    /** null until someone judges a marker whose scale has no "not yet assessed" */
    judgement: record.judgement === NO_JUDGEMENT ? null : record.judgement,
    status: record.status,
    rationale: record.rationale,
    owner: record.owner_user_id,
    version: record.version,
    updatedAt: record.updated_at,
    questions: sorted.map(questionJson),
  };
}

export function questionJson(q: QuestionResponseTable) {
  return { key: q.question_key, answer: q.answer, note: q.note, version: q.version, updatedAt: q.updated_at };
}

/** A round as the API shows it, with the keys of the markers it covers. */
export function roundJson(round: StartedRound) {
  return {
    id: round.id,
    number: round.number,
    purpose: round.purpose,
    status: round.status,
    scale: round.scaleOptions,
    frameworkVersion: round.framework_version,
    markers: round.markerKeys,
  };
}
