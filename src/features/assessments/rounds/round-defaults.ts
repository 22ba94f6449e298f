import type { MarkerRecordTable, ReviewType } from '../../../db/schema.js';
import type { FrameworkFile } from '../../frameworks/framework.schema.js';

/**
 * The markers a rapid review can address, by framework: the set-up markers (1 to 5), parallel
 * processes and assembling information. A rapid review gathers facts within weeks of a notification;
 * commissioning, analysis, the report and what follows belong to the review that may come after it.
 */
export const RAPID_REVIEW_MARKERS: Readonly<Record<string, readonly string[]>> = {
  'scr-quality-markers': [
    'referral',
    'decision-making',
    'advising-board-members',
    'informing-the-family',
    'clarity-of-purpose',
    'parallel-processes',
    'assembling-information',
  ],
};

export const RAPID_REVIEW_NOT_APPLICABLE =
  'Set to not applicable when this round began: a rapid review covers the set-up markers, parallel processes and assembling information. Change it if this rapid review did look at this marker.';

type Preset = Pick<MarkerRecordTable, 'judgement' | 'status' | 'rationale'>;

/**
 * What a new round's marker starts as when practice says so: in a rapid review's first round, a marker
 * outside what a rapid review covers is not applicable, with the reason written down, and completed.
 * Undefined means the usual start (not yet assessed, not started).
 */
export function presetFor(
  review: { type: ReviewType },
  framework: Pick<FrameworkFile, 'key' | 'scale'>,
  firstRound: boolean,
  markerKey: string,
): Preset | undefined {
  if (review.type !== 'rapid-review' || !firstRound) return undefined;
  const covered = RAPID_REVIEW_MARKERS[framework.key];
  if (!covered || covered.includes(markerKey)) return undefined;
  if (!framework.scale.some((o) => o.key === 'not-applicable')) return undefined;
  return { judgement: 'not-applicable', status: 'completed', rationale: RAPID_REVIEW_NOT_APPLICABLE };
}
