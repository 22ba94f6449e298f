import type { ReviewTable } from '../../db/schema.js';
import type { MovePreview } from './move.service.js';

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
