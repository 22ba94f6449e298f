import type { Answer, MarkerStatus, RoundPurpose } from '../../../db/schema.js';

export const ROUND_PURPOSES: Record<RoundPurpose, { label: string; hint: string }> = {
  planning: {
    label: 'Planning',
    hint: 'Use the markers to plan and prepare the review, and agree what it will look at',
  },
  'in-review': {
    label: 'Quality assurance while the review runs',
    hint: 'Check the review against the markers at panel meetings',
  },
  retrospective: { label: 'Reflection afterwards', hint: 'Look back on how the review went, to improve the next one' },
};

export const MARKER_STATUSES: Record<MarkerStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  'ready-for-sign-off': 'Ready for sign-off',
  completed: 'Completed',
};

export const ANSWERS: Record<Answer, string> = {
  yes: 'Yes',
  partly: 'Partly',
  no: 'No',
  'not-yet-known': 'Not yet known',
  'not-applicable': 'Not applicable',
};

/** The words the round pages use for each purpose, status and answer key. */
export const ROUND_PAGE_LABELS = { purposes: ROUND_PURPOSES, statuses: MARKER_STATUSES, answers: ANSWERS };

/** The judgement a marker starts with when the round's scale has it. */
export const NOT_YET_ASSESSED = 'not-yet-assessed';

/**
 * What a marker starts with when the round's scale has no "not yet assessed" option (an imported scale
 * may be only "met" and "not met"): no judgement at all. The framework format has no way to mark another
 * option as the "not yet" one, so nothing on such a scale is picked for the person.
 */
export const NO_JUDGEMENT = '';
export const NO_JUDGEMENT_LABEL = 'Not yet judged';

/** The judgement every marker of a new round starts with, from the round's own scale. */
export function initialJudgement(scale: readonly { key: string }[]): string {
  return scale.some((o) => o.key === NOT_YET_ASSESSED) ? NOT_YET_ASSESSED : NO_JUDGEMENT;
}

/** Whether someone has judged the marker, rather than it still being in its starting state. */
export function isJudged(judgement: string): boolean {
  return judgement !== NOT_YET_ASSESSED && judgement !== NO_JUDGEMENT;
}
