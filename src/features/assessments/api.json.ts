import type { MarkerRecordTable, QuestionResponseTable } from '../../db/schema.js';

/** A marker record and its answers as the API shows them. */
export function markerJson(record: MarkerRecordTable, responses: QuestionResponseTable[], order: string[]) {
  const sorted = [...responses].sort((a, b) => order.indexOf(a.question_key) - order.indexOf(b.question_key));
  return {
    markerKey: record.marker_key,
    judgement: record.judgement,
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
