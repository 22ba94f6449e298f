/**
 * What one review adds to learning_summary (migration 2026-12-08T0100): the rows a partnership admin's
 * dashboard adds up instead of reading every review. Each row is a fact with up to four keys and a count,
 * under the review's dimensions (the filters' type, status, framework, years of decision and publication):
 *
 *   review         1 per review                                          → how many reviews
 *   chosen         a: round choice, b: framework                         → reviews with such a round
 *   judgement      a: round choice, b: framework, c: marker, d: judgement → the markers' counts
 *   theme          a: theme, b: year, c: finding or recommendation       → the themes' findings
 *   theme-review   a: theme, b: year                                     → reviews with the theme that year
 *   theme-window   a: theme, b: year                                     → ... that year or the one before
 *   theme-action   a: theme, b: year, c: status, d: evaluated (1, 0)     → the actions of the themes' findings
 *   theme-due-y|m|d  a: due year, month or day, b: theme, c: year, d: status → those open, by due date
 *   action         a: status, b: evaluated (1, 0)                        → the review's improvement actions
 *   action-due-y|m|d a: due year, month or day, b: status                → those open, by due date
 *   step           a: review type, b: year first due, c: met, extended or missed → statutory steps done
 *   step-open      a: review type, b: year first due, c: due, d: paused since → steps not done
 *
 * Whether an open action is overdue depends on the day it is asked, so open actions are counted by due
 * year, month and day: overdue today is those due in an earlier year, an earlier month of this year and
 * an earlier day of this month, three short index ranges (summary-read.repository.ts). Every row is also
 * added under the fact's name with a '*' before it and no dimensions: the whole partnership's sums,
 * read when no filter is set.
 * The same rules as learning.repository's per-review queries, which a test compares them with. Pure.
 */
import type {
  ActionStatus,
  FindingKind,
  ReviewStatus,
  ReviewType,
  RoundPurpose,
  RoundStatus,
} from '../../db/schema.js';
import { unpack } from './markers-matrix.js';
import type { RoundChoice } from './learning.repository.js';

export const CHOICES: RoundChoice[] = ['approved', 'planning', 'in-review', 'retrospective'];
export const OPEN_STATUSES: ActionStatus[] = ['not-started', 'in-progress'];

export interface Dimensions {
  organisation_id: string;
  review_type: string;
  review_status: string;
  framework_key: string;
  decision_year: string;
  publication_year: string;
}
export type PartRow = [fact: string, a: string, b: string, c: string, d: string, n: number];
export interface ReviewParts {
  dims: Dimensions;
  rows: PartRow[];
}

export interface ReviewInput {
  id: string;
  organisation_id: string;
  type: ReviewType;
  status: ReviewStatus;
  framework_key: string;
  decision_date: string | null;
  published_on: string | null;
}
export interface RoundInput {
  review_id: string;
  id: string;
  status: RoundStatus;
  purpose: RoundPurpose;
  number: number;
  judgements: string | null;
}
export interface ThemeLinkInput {
  review_id: string;
  theme_id: string;
  year: string;
  kind: FindingKind;
}
export interface ActionInput {
  review_id: string;
  status: ActionStatus;
  due_date: string | null;
  evaluated: number;
}
export type ThemeActionInput = ActionInput & { theme_id: string; year: string };
export interface StepInput {
  review_id: string;
  review_type: ReviewType;
  original_due: string;
  due: string;
  done: string | null;
  paused_since: string | null;
}

const isOpen = (a: { status: ActionStatus }) => OPEN_STATUSES.includes(a.status);
const evaluatedKey = (a: { status: ActionStatus; evaluated: number }) => (isOpen(a) ? '' : a.evaluated ? '1' : '0');

const year = (date: string | null) => (date ? date.slice(0, 4) : '');
const nextYear = (y: string) => String(Number(y) + 1).padStart(4, '0');

/** A statutory step done: by its original date met, by the date in force extended, later missed. */
const stepOutcome = (done: string, step: { original_due: string; due: string }) =>
  done <= step.original_due ? 'met' : done <= step.due ? 'extended' : 'missed';

/** The rounds chosen for a choice: of those approved (or of the purpose), the one(s) numbered highest. */
export function chosenOf(rounds: readonly RoundInput[], choice: RoundChoice): RoundInput[] {
  const matching = rounds.filter((r) => (choice === 'approved' ? r.status === 'approved' : r.purpose === choice));
  const top = Math.max(...matching.map((r) => r.number));
  return matching.filter((r) => r.number === top);
}

export interface ReviewInputs {
  rounds: readonly RoundInput[];
  links: readonly ThemeLinkInput[];
  themeActions: readonly ThemeActionInput[];
  actions: readonly ActionInput[];
  steps: readonly StepInput[];
}

/** Everything one review adds to the summary. */
export function partsOf(review: ReviewInput, inputs: ReviewInputs): ReviewParts {
  const counts = new Map<string, PartRow>();
  const add = (fact: string, a = '', b = '', c = '', d = '') => {
    const key = `${fact}\u0000${a}\u0000${b}\u0000${c}\u0000${d}`;
    const row = counts.get(key);
    if (row) row[5] += 1;
    else counts.set(key, [fact, a, b, c, d, 1]);
  };
  add('review');
  for (const choice of CHOICES) {
    for (const round of chosenOf(inputs.rounds, choice)) {
      add('chosen', choice, review.framework_key);
      for (const [marker, judgement] of unpack(round.judgements)) {
        add('judgement', choice, review.framework_key, marker, judgement);
      }
    }
  }
  const yearsOf = new Map<string, Set<string>>();
  for (const link of inputs.links) {
    add('theme', link.theme_id, link.year, link.kind);
    yearsOf.set(link.theme_id, (yearsOf.get(link.theme_id) ?? new Set<string>()).add(link.year));
  }
  for (const [theme, years] of yearsOf) {
    const windows = new Set<string>();
    for (const y of years) {
      add('theme-review', theme, y);
      windows.add(y).add(nextYear(y));
    }
    for (const w of windows) add('theme-window', theme, w);
  }
  const dues = (fact: string, due: string | null, b: string, c = '', d = '') => {
    if (!due) return;
    add(`${fact}-y`, due.slice(0, 4), b, c, d);
    add(`${fact}-m`, due.slice(0, 7), b, c, d);
    add(`${fact}-d`, due, b, c, d);
  };
  for (const a of inputs.themeActions) {
    add('theme-action', a.theme_id, a.year, a.status, evaluatedKey(a));
    if (isOpen(a)) dues('theme-due', a.due_date, a.theme_id, a.year, a.status);
  }
  for (const a of inputs.actions) {
    add('action', a.status, evaluatedKey(a));
    if (isOpen(a)) dues('action-due', a.due_date, a.status);
  }
  for (const step of inputs.steps) {
    const first = step.original_due.slice(0, 4);
    if (step.done === null) add('step-open', step.review_type, first, step.due, step.paused_since ?? '');
    else add('step', step.review_type, first, stepOutcome(step.done, step));
  }
  return {
    dims: {
      organisation_id: review.organisation_id,
      review_type: review.type,
      review_status: review.status,
      framework_key: review.framework_key,
      decision_year: year(review.decision_date),
      publication_year: year(review.published_on),
    },
    rows: [...counts.values()],
  };
}

const NO_DIMENSIONS = {
  review_type: '',
  review_status: '',
  framework_key: '',
  decision_year: '',
  publication_year: '',
};

export type SummaryRow = Dimensions & { fact: string; a: string; b: string; c: string; d: string; n: number };

/**
 * The change to the summary when reviews' parts go from `before` to `after` (a review absent from `after`
 * was deleted), with the whole partnership's rows, one row per key with a non-zero difference, in key order (so that concurrent writers on
 * PostgreSQL take the rows' locks in the same order).
 */
export function difference(before: readonly ReviewParts[], after: readonly ReviewParts[]): SummaryRow[] {
  // Keyed by the dimensions, then the fact and its keys (strings, no objects per row until the end).
  const delta = new Map<string, { dims: Dimensions; fact: string; row: PartRow; n: number }>();
  const add = (dims: Dimensions, dimsKey: string, fact: string, row: PartRow, n: number) => {
    const key = `${dimsKey}\u0001${fact}\u0000${row[1]}\u0000${row[2]}\u0000${row[3]}\u0000${row[4]}`;
    const known = delta.get(key);
    if (known) known.n += n;
    else delta.set(key, { dims, fact, row, n });
  };
  const apply = (parts: ReviewParts, sign: 1 | -1) => {
    const d = parts.dims;
    const whole: Dimensions = { ...NO_DIMENSIONS, organisation_id: d.organisation_id };
    const dimsKey = [
      d.organisation_id,
      d.review_type,
      d.review_status,
      d.framework_key,
      d.decision_year,
      d.publication_year,
    ].join('\u0000');
    const wholeKey = `${d.organisation_id}\u0000\u0000\u0000\u0000\u0000`;
    for (const row of parts.rows) {
      add(d, dimsKey, row[0], row, sign * row[5]);
      add(whole, wholeKey, `*${row[0]}`, row, sign * row[5]);
    }
  };
  for (const p of before) apply(p, -1);
  for (const p of after) apply(p, 1);
  return [...delta.keys()].sort().flatMap((key) => {
    const { dims, fact, row, n } = delta.get(key)!;
    return n === 0 ? [] : [{ ...dims, fact, a: row[1], b: row[2], c: row[3], d: row[4], n }];
  });
}
