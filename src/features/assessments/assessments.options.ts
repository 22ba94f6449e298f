import type { Answer, MarkerStatus, RoundPurpose } from '../../db/schema.js';

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

/** The judgement every marker starts with; it must be a key of the round's scale. */
export const INITIAL_JUDGEMENT = 'not-yet-assessed';
