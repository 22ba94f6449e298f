/**
 * Each review's statutory step deadlines as rows (review_clock_step), so that lists across many reviews
 * can count steps met, missed or overdue in SQL instead of evaluating every review's clocks. Pure: the
 * same rules as evaluate.ts (deadlineOf), and nothing here depends on today: a row keeps the deadline the
 * rule gives, the one in force after extensions and pauses, the day it was done and the start of a pause
 * still open. Only steps that have started and have a deadline get a row.
 */
import type { ReviewClockStepTable } from '../../../db/schema.js';
import { deadlineOf, type ClockContext, type ClockReview } from './evaluate.js';
import { CLOCKS } from './table.js';

export type ClockStepRow = ReviewClockStepTable;

/** The rows of one review of the partnership, by the rules of its type. */
export function clockStepRows(
  review: ClockReview & { id: string; organisation_id: string },
  ctx: ClockContext,
): ClockStepRow[] {
  const rows: ClockStepRow[] = [];
  for (const step of CLOCKS[review.type].steps) {
    const start = review[step.start];
    if (!start) continue;
    const mine = (ctx.changes ?? []).filter((c) => c.clockKey === step.key);
    const { original, due } = deadlineOf(step, start, mine, ctx);
    if (!original || !due) continue;
    const openPauses = mine
      .filter((c) => c.kind === 'pause' && c.pausedFrom && !c.pausedTo)
      .map((c) => c.pausedFrom!)
      .sort();
    rows.push({
      organisation_id: review.organisation_id,
      review_id: review.id,
      clock_key: step.key,
      review_type: review.type,
      original_due: original,
      due,
      done: review[step.done],
      paused_since: openPauses[0] ?? null,
    });
  }
  return rows;
}
