import type { FrameworkFile, Marker } from '../frameworks/framework.schema.js';
import { guidanceSections, numberQuestions, type GuidanceSection, type NumberedQuestion } from './markers.service.js';

/** Full-text search over markers, questions and guidance. Pure: frameworks and words in, hits out. */

export interface MarkerHit {
  framework: { key: string; title: string };
  marker: Marker;
  titleMatches: boolean;
  statementMatches: boolean;
  rationaleMatches: boolean;
  questions: NumberedQuestion[];
  guidance: GuidanceSection[];
  score: number;
}

interface IndexedMarker {
  framework: FrameworkFile;
  marker: Marker;
  /** Everything searchable, lower-cased, for the all-words test. */
  haystack: string;
}

const indexes = new WeakMap<FrameworkFile, IndexedMarker[]>();

function indexFor(fw: FrameworkFile): IndexedMarker[] {
  let index = indexes.get(fw);
  if (!index) {
    index = fw.stages.flatMap((s) =>
      s.markers.map((marker) => ({
        framework: fw,
        marker,
        haystack: [
          marker.title,
          marker.statement,
          marker.rationale,
          ...marker.questions.map((q) => q.text),
          ...Object.values(marker.guidance),
        ]
          .join('\n')
          .toLowerCase(),
      })),
    );
    indexes.set(fw, index);
  }
  return index;
}

const has = (text: string, term: string) => text.toLowerCase().includes(term);

/** Markers in which every word appears somewhere; within each, the parts that contain any word. */
export function searchFrameworks(frameworks: FrameworkFile[], terms: string[]): MarkerHit[] {
  if (!terms.length) return [];
  const hits: MarkerHit[] = [];
  for (const fw of frameworks) {
    for (const { marker, haystack } of indexFor(fw)) {
      if (!terms.every((t) => haystack.includes(t))) continue;
      const anyIn = (text: string) => terms.some((t) => has(text, t));
      const titleMatches = anyIn(marker.title);
      const statementMatches = anyIn(marker.statement);
      const rationaleMatches = anyIn(marker.rationale);
      const questions = numberQuestions(fw, marker).filter((q) => anyIn(q.text));
      const guidance = guidanceSections(marker).filter((g) => anyIn(g.text));
      hits.push({
        framework: { key: fw.key, title: fw.title },
        marker,
        titleMatches,
        statementMatches,
        rationaleMatches,
        questions,
        guidance,
        score:
          (titleMatches ? 10 : 0) +
          (statementMatches ? 4 : 0) +
          questions.length * 2 +
          guidance.length +
          (rationaleMatches ? 1 : 0),
      });
    }
  }
  return hits.sort((a, b) => b.score - a.score || a.marker.number - b.marker.number);
}
