import type { MarkerRecordTable, QuestionResponseTable, ReviewTable } from '../../../db/schema.js';
import { NO_JUDGEMENT } from './assessments.options.js';
import type { Round } from './assessments.service.js';
import type { MovePreview } from '../move.service.js';

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

/** A round as the API shows it. */
export function roundJson(round: Round) {
  return {
    id: round.id,
    number: round.number,
    purpose: round.purpose,
    status: round.status,
    scale: round.scaleOptions,
    frameworkVersion: round.framework_version,
  };
}

/** Which framework version a review is pinned to, and the review's version. */
export function reviewPinJson(review: Pick<ReviewTable, 'id' | 'framework_key' | 'framework_version' | 'version'>) {
  return {
    id: review.id,
    frameworkKey: review.framework_key,
    frameworkVersion: review.framework_version,
    version: review.version,
  };
}

const questionRef = (q: { markerKey: string; key: string; text: string }) => ({
  markerKey: q.markerKey,
  key: q.key,
  text: q.text,
});

/** What moving a review to a newer version carries over, adds and drops. */
export function movePreviewJson(p: MovePreview) {
  const marker = (m: { key: string; number: number; title: string }) => ({
    key: m.key,
    number: m.number,
    title: m.title,
  });
  return {
    from: p.from,
    to: p.to,
    latestRound: p.latestRound
      ? { id: p.latestRound.id, number: p.latestRound.number, frameworkVersion: p.latestRound.framework_version }
      : null,
    markers: {
      carried: p.markers.carried.map((m) => ({ ...marker(m), renamedFrom: m.renamedFrom })),
      added: p.markers.added.map(marker),
      dropped: p.droppedMarkers.map((m) => ({ ...marker(m), leftBehind: m.leftBehind })),
    },
    questions: {
      carried: p.questions.carried.map((q) => ({
        ...questionRef(q),
        was: questionRef(q.was),
        reworded: q.reworded,
        moved: q.moved,
      })),
      added: p.questions.added.map(questionRef),
      dropped: p.droppedQuestions.map((q) => ({ ...questionRef(q), answered: q.answered })),
    },
    leftBehind: p.leftBehind,
  };
}
