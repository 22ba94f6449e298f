/**
 * Timeliness across reviews: each statutory step of each review, as the review page's clocks judge it
 * (reviews' timescalesFor, the same rules, extensions and pauses), counted by review type and the year
 * the step was first due. Pure.
 */
import type { ReviewType } from '../../db/schema.js';
import type { Timescale } from '../reviews/reviews.service.js';

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

/** What a step counts as, or null while it is not yet due, has no deadline or does not apply. */
export function timelinessOf(t: Pick<Timescale, 'status' | 'done' | 'originalDue'>): TimelinessKey | null {
  if (t.status === 'missed') return 'missed';
  if (t.status === 'overdue') return 'overdue';
  if (t.status !== 'met') return null;
  return t.done && t.originalDue && t.done > t.originalDue ? 'extended' : 'met';
}

const zero = (): Record<TimelinessKey, number> => ({ met: 0, extended: 0, missed: 0, overdue: 0 });

/** The rows, by type then year, of the steps that count. */
export function timelinessRows(steps: Iterable<{ type: ReviewType; timescale: Timescale }>): TimelinessRow[] {
  const rows = new Map<string, TimelinessRow>();
  for (const { type, timescale } of steps) {
    const key = timelinessOf(timescale);
    if (!key || !timescale.originalDue) continue;
    const year = timescale.originalDue.slice(0, 4);
    const id = `${type} ${year}`;
    const row = rows.get(id) ?? { type, year, counts: zero() };
    row.counts[key] += 1;
    rows.set(id, row);
  }
  return [...rows.values()].sort((a, b) => a.type.localeCompare(b.type) || a.year.localeCompare(b.year));
}
