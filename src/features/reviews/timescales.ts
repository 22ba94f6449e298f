/**
 * A review's key dates and clocks as the pages show them. The clocks themselves are the per-type table in
 * clocks/table.ts, worked out by clocks/evaluate.ts; this module keeps the names other features import.
 */
import type { ReviewType } from '../../db/schema.js';
import { formatDate } from '../../lib/uk-time.js';
import { clockRegimeOf, timescalesFor, type ClockContext, type ClockReview } from './clocks/evaluate.js';
import { CLOCKS } from './clocks/table.js';
import { KEY_DATES } from './key-dates.js';

export {
  TIMESCALE_STATUS,
  timescalesFor,
  type ClockChange,
  type ClockContext,
  type ClockReview,
  type Timescale,
  type TimescaleStatus,
} from './clocks/evaluate.js';

/** The key dates a review of the type records, in the order they usually happen. */
export const keyDatesOf = (type: ReviewType) => KEY_DATES.filter((k) => CLOCKS[type].keyDates.includes(k.column));

/** What the overview shows: each of the type's key dates written out, and its clocks. */
export function keyDatesSummary(review: ClockReview, today: string, ctx: ClockContext = {}) {
  return {
    dates: keyDatesOf(review.type).map((k) => ({
      name: k.name,
      label: k.label,
      value: review[k.column],
      text: review[k.column] ? formatDate(review[k.column]!) : 'Not entered',
    })),
    regime: clockRegimeOf(review.type),
    timescales: timescalesFor(review, today, ctx),
  };
}
