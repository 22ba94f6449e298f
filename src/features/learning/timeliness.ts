/**
 * Timeliness across reviews: each statutory step of each review, as the review page's clocks judge it
 * (the same rules, extensions and pauses), counted by review type and the year the step was first due.
 * The counting is SQL over review_clock_step (timeliness.repository.ts timelinessCounts); this shapes it. Pure.
 */
import type { ReviewType } from '../../db/schema.js';

export const TIMELINESS = {
  met: 'Met on time',
  extended: 'Met after an extension or pause',
  missed: 'Missed',
  overdue: 'Overdue and not done',
} as const;
export type TimelinessKey = keyof typeof TIMELINESS;

export interface TimelinessRow {
  type: ReviewType;
  year: string;
  counts: Record<TimelinessKey, number>;
}

const zero = (): Record<TimelinessKey, number> => ({ met: 0, extended: 0, missed: 0, overdue: 0 });
const isKey = (k: string | null): k is TimelinessKey => k !== null && k in TIMELINESS;

/** The rows, by type then year, of the steps that count (outcome null: not yet due or paused). */
export function timelinessRows(
  counts: Iterable<{ review_type: ReviewType; year: string; outcome: string | null; n: number }>,
): TimelinessRow[] {
  const rows = new Map<string, TimelinessRow>();
  for (const { review_type: type, year, outcome, n } of counts) {
    if (!isKey(outcome)) continue;
    const id = `${type} ${year}`;
    const row = rows.get(id) ?? { type, year, counts: zero() };
    row.counts[outcome] += n;
    rows.set(id, row);
  }
  return [...rows.values()].sort((a, b) => a.type.localeCompare(b.type) || a.year.localeCompare(b.year));
}
