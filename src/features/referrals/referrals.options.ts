/** The referral register's keys and the words people see for them (never the keys themselves). */
import type { ReferralTable } from '../../db/schema.js';

export const ROUTES = ['serious-incident-notification', 's44-referral'] as const;
export type ReferralRoute = (typeof ROUTES)[number];

export const ROUTE_LABELS: Record<ReferralRoute, string> = {
  'serious-incident-notification': 'Serious incident notification (child)',
  's44-referral': 'Safeguarding adult review referral under section 44 (adult)',
};

/** How each criterion was answered when the referral was considered. */
export const ANSWERS = ['yes', 'no', 'not-known'] as const;
export type Answer = (typeof ANSWERS)[number];
export const ANSWER_LABELS: Record<Answer, string> = { yes: 'Yes', no: 'No', 'not-known': 'Not known yet' };

export interface Criterion {
  key: string;
  text: string;
}

/** The criteria a referral is considered against, per route: the adults' s44 conditions one by one. */
export const REFERRAL_CRITERIA: Record<ReferralRoute, readonly Criterion[]> = {
  'serious-incident-notification': [
    {
      key: 'seriousCase',
      text: 'A serious child safeguarding case: abuse or neglect is known or suspected, and the child has died or been seriously harmed',
    },
  ],
  's44-referral': [
    { key: 'careNeeds', text: 'The adult has needs for care and support (whether or not they were being met)' },
    { key: 'harm', text: 'The adult has died, or is alive and has experienced serious abuse or neglect' },
    {
      key: 'abuseKnownOrSuspected',
      text: 'The board knows or suspects that the death or the serious harm resulted from abuse or neglect',
    },
    {
      key: 'jointWorking',
      text: 'There is reasonable cause for concern about how the board, its members or others worked together',
    },
  ],
};

export const OUTCOMES = [
  'lcspr',
  'no-lcspr',
  'other-learning',
  'national-review',
  'sar-mandatory',
  'sar-discretionary',
  'no-sar',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  lcspr: 'Hold a local child safeguarding practice review',
  'no-lcspr': 'No local child safeguarding practice review',
  'other-learning': 'Another form of local learning, not a statutory review',
  'national-review': 'Ask the national Panel to consider a national review',
  'sar-mandatory': 'Hold a safeguarding adult review: the duty in section 44(1) to (3) applies',
  'sar-discretionary': 'Hold a safeguarding adult review under section 44(4), at the board’s discretion',
  'no-sar': 'No safeguarding adult review',
};

export const OUTCOMES_BY_ROUTE: Record<ReferralRoute, readonly Outcome[]> = {
  'serious-incident-notification': ['lcspr', 'no-lcspr', 'other-learning', 'national-review'],
  's44-referral': ['sar-mandatory', 'sar-discretionary', 'no-sar', 'other-learning'],
};

/** The outcomes that start a review, and its type. */
export const REVIEW_TYPE_OF: Partial<Record<Outcome, 'local-cspr' | 'sar'>> = {
  lcspr: 'local-cspr',
  'sar-mandatory': 'sar',
  'sar-discretionary': 'sar',
};

/** Outcomes that take nothing further forward: the register says "Not taken forward". */
export const NOT_TAKEN_FORWARD: readonly Outcome[] = ['no-lcspr', 'no-sar'];

/** The criteria a decision rests on: regulation 11 (children) or the s44 conditions confirmed (adults). */
export const DECISION_CRITERIA: Record<ReferralRoute, readonly Criterion[]> = {
  'serious-incident-notification': [
    {
      key: 'improvements',
      text: 'The case highlights improvements needed to safeguard and promote children’s welfare',
    },
    { key: 'recurrentThemes', text: 'The case highlights recurrent themes in safeguarding children' },
    {
      key: 'jointWorking',
      text: 'The case highlights concerns about two or more organisations or agencies working together',
    },
    { key: 'panelAdvised', text: 'The national Panel has advised that a local review is more appropriate' },
  ],
  's44-referral': REFERRAL_CRITERIA['s44-referral'],
};

/** Whom a children's decision must be told to: each a to-do on the referral's page. */
export const NOTICES = [
  { key: 'panel', column: 'told_panel_on', text: 'Tell the Child Safeguarding Practice Review Panel' },
  { key: 'ofsted', column: 'told_ofsted_on', text: 'Tell Ofsted' },
  { key: 'dfe', column: 'told_dfe_on', text: 'Tell the Department for Education' },
] as const;

/** The rapid review is expected within this many working days of the notification. */
export const RAPID_REVIEW_WORKING_DAYS = 15;

/** Limits on free text: longer text is refused, never cut short. */
export const LIMITS = {
  agency: 200,
  pseudonym: 40,
  safetyActions: 5000,
  panelResponse: 5000,
  reasons: 5000,
  criterionReason: 2000,
  decidedByRole: 200,
  changeReason: 2000,
} as const;

/** Where a referral stands, for the register's filter and tag. */
export const STAGES = ['rapid-review', 'awaiting-decision', 'converted', 'not-taken-forward', 'other'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABELS: Record<Stage, string> = {
  'rapid-review': 'Rapid review',
  'awaiting-decision': 'Awaiting decision',
  converted: 'Converted to a review',
  'not-taken-forward': 'Not taken forward',
  other: 'Other learning or national review',
};

/** A referral's columns that stay empty until its rapid review and decision: all of them, as it is recorded. */
export const UNDECIDED_REFERRAL = {
  safety_actions: null,
  meeting_on: null,
  submitted_on: null,
  panel_response_on: null,
  panel_response: null,
  outcome: null,
  reasons: null,
  decision_criteria: null,
  decided_on: null,
  decided_by_role: null,
  decision_change_reason: null,
  details_change_reason: null,
  told_panel_on: null,
  told_ofsted_on: null,
  told_dfe_on: null,
} as const satisfies Partial<ReferralTable>;
