import type { ActionKind, ActionStatus, FindingKind, Rag } from '../../db/schema.js';

/** The keys the product stores, with the words people see. */

export const FINDING_KINDS: Record<FindingKind, string> = {
  finding: 'Finding',
  recommendation: 'Recommendation',
};

export const ACTION_KINDS: Record<ActionKind, string> = {
  'review-task': 'Review task',
  improvement: 'Improvement action',
};

export const ACTION_STATUSES: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const RAGS: Record<Rag, string> = {
  red: 'Red: off track',
  amber: 'Amber: at risk',
  green: 'Green: on track',
};

/** The short words on a RAG tag: the text says the rating, so colour is never the only sign. */
export const RAG_TAGS: Record<Rag, { text: string; classes: string }> = {
  red: { text: 'Red', classes: 'govuk-tag--red' },
  amber: { text: 'Amber', classes: 'govuk-tag--orange' },
  green: { text: 'Green', classes: 'govuk-tag--green' },
};

/** Actions that are finished need no more work, so they are never overdue. */
export const CLOSED_STATUSES: readonly ActionStatus[] = ['completed', 'cancelled'];

export function isActionStatus(value: string): value is ActionStatus {
  return Object.hasOwn(ACTION_STATUSES, value);
}

export function isRag(value: string): value is Rag {
  return Object.hasOwn(RAGS, value);
}

export function isActionKind(value: string): value is ActionKind {
  return Object.hasOwn(ACTION_KINDS, value);
}

export function isFindingKind(value: string): value is FindingKind {
  return Object.hasOwn(FINDING_KINDS, value);
}

/** Themes a safeguarding children partnership starts with; it may rename, add and archive. */
export const CHILDREN_THEMES: readonly string[] = [
  'Information sharing',
  'Escalation',
  'Voice of the child',
  'Professional curiosity',
  'Neglect',
  'Domestic abuse',
  'Parental mental health',
  'Substance misuse',
  'Exploitation',
  'Multi-agency working',
  'Recognising and responding to risk',
  'Assessment and planning',
  'Supervision and management oversight',
  'Think family',
];

/** Themes a safeguarding adults board starts with. */
export const ADULT_THEMES: readonly string[] = [
  'Self-neglect',
  'Mental capacity',
  'Making Safeguarding Personal',
  'Transition to adulthood',
  'Homelessness',
  'Organisational abuse',
  'Financial abuse',
  'Domestic abuse',
  'Carers',
];

/** @deprecated the children's list; use themesForKind */
export const DEFAULT_THEMES = CHILDREN_THEMES;

export type PartnershipKind = 'children' | 'adults' | 'both';

/** The themes a partnership of this kind starts with: both lists for one that reviews both, once each. */
export function themesForKind(kind: PartnershipKind): string[] {
  const lists =
    kind === 'adults' ? [ADULT_THEMES] : kind === 'both' ? [CHILDREN_THEMES, ADULT_THEMES] : [CHILDREN_THEMES];
  const seen = new Set<string>();
  return lists.flat().filter((label) => !seen.has(label.toLowerCase()) && Boolean(seen.add(label.toLowerCase())));
}

/** Longest text a finding, a written response or an action's longer fields take. */
export const LONG_TEXT_LIMIT = 20_000;
/** Longest title, owner name, agency name or theme label. */
export const SHORT_TEXT_LIMIT = 200;
