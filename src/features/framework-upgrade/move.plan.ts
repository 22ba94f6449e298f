import { diffFrameworks, type FrameworkDiff } from '../frameworks/frameworks.service.js';
import type { FrameworkFile, Marker } from '../frameworks/framework.schema.js';

/**
 * What moving a review from one version of its framework to a newer one carries over, adds and drops,
 * matched by stable keys. Pure: the counts of work that would stop showing come from the service.
 */

export interface MarkerItem {
  key: string;
  number: number;
  title: string;
  questionCount: number;
}

export interface QuestionItem {
  markerKey: string;
  markerNumber: number;
  markerTitle: string;
  key: string;
  number: number;
  text: string;
}

export interface CarriedQuestion extends QuestionItem {
  /** The wording and marker it had in the version the review is on now. */
  was: QuestionItem;
  reworded: boolean;
  /** It belonged to another marker before. */
  moved: boolean;
}

/** How many of a carried-over marker's questions changed, by kind of change (the words the preview uses). */
export interface QuestionChanges {
  reworded: number;
  'moved here from another marker': number;
  'moved to another marker': number;
  added: number;
  dropped: number;
}

export interface MovePlan {
  key: string;
  from: string;
  to: string;
  markers: {
    carried: (MarkerItem & { renamedFrom: string | null; questionChanges: QuestionChanges })[];
    added: MarkerItem[];
    dropped: MarkerItem[];
  };
  questions: {
    carried: CarriedQuestion[];
    /** Questions new in a marker that is carried over; those of added markers are listed with them. */
    added: QuestionItem[];
    /** Questions gone from a marker that is carried over; those of dropped markers are counted with them. */
    dropped: QuestionItem[];
  };
  scale: FrameworkDiff['scale'];
  /** For the new round: "marker/question" in the new version → "marker/question" in the old one. */
  sources: Record<string, string>;
}

const markerItem = (m: Marker): MarkerItem => ({
  key: m.key,
  number: m.number,
  title: m.title,
  questionCount: m.questions.length,
});

function questionItems(fw: FrameworkFile): Map<string, QuestionItem> {
  const out = new Map<string, QuestionItem>();
  for (const m of fw.stages.flatMap((s) => s.markers)) {
    m.questions.forEach((q, i) =>
      out.set(`${m.key}/${q.key}`, {
        markerKey: m.key,
        markerNumber: m.number,
        markerTitle: m.title,
        key: q.key,
        number: i + 1,
        text: q.text,
      }),
    );
  }
  return out;
}

export function planMove(from: FrameworkFile, to: FrameworkFile): MovePlan {
  const diff = diffFrameworks(from, to);
  const before = new Map(from.stages.flatMap((s) => s.markers).map((m) => [m.key, m]));
  const after = to.stages.flatMap((s) => s.markers);
  const afterKeys = new Set(after.map((m) => m.key));
  const oldQuestions = questionItems(from);
  const newQuestions = questionItems(to);

  // A question that left one marker for another keeps its answer (the diff decides what counts as moved).
  const movedFrom = new Map(
    diff.questions.moved
      .filter((m) => m.from.marker.key !== m.to.marker.key)
      .map((m) => [`${m.to.marker.key}/${m.key}`, `${m.from.marker.key}/${m.key}`]),
  );
  const sources: Record<string, string> = {};
  const carried: CarriedQuestion[] = [];
  const added: QuestionItem[] = [];
  for (const [id, q] of newQuestions) {
    const sourceId = oldQuestions.has(id) ? id : movedFrom.get(id);
    const was = sourceId ? oldQuestions.get(sourceId) : undefined;
    if (sourceId && was) {
      sources[id] = sourceId;
      carried.push({ ...q, was, reworded: was.text !== q.text, moved: sourceId !== id });
    } else if (before.has(q.markerKey)) {
      added.push(q);
    }
  }
  const used = new Set(Object.values(sources));
  const dropped = [...oldQuestions.entries()]
    .filter(([id, q]) => !used.has(id) && afterKeys.has(q.markerKey))
    .map(([, q]) => q);

  return {
    key: to.key,
    from: from.version,
    to: to.version,
    markers: {
      carried: after
        .filter((m) => before.has(m.key))
        .map((m) => {
          const old = before.get(m.key)!;
          const mine = (q: QuestionItem) => q.markerKey === m.key;
          const questionChanges: QuestionChanges = {
            reworded: carried.filter((q) => mine(q) && q.reworded).length,
            'moved here from another marker': carried.filter((q) => mine(q) && q.moved).length,
            'moved to another marker': carried.filter((q) => q.moved && mine(q.was)).length,
            added: added.filter(mine).length,
            dropped: dropped.filter(mine).length,
          };
          return { ...markerItem(m), renamedFrom: old.title === m.title ? null : old.title, questionChanges };
        }),
      added: after.filter((m) => !before.has(m.key)).map(markerItem),
      dropped: [...before.values()].filter((m) => !afterKeys.has(m.key)).map(markerItem),
    },
    questions: { carried, added, dropped },
    scale: diff.scale,
    sources,
  };
}
