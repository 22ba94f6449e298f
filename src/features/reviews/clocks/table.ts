/**
 * The clocks of each review type, as data: which steps a review of that type runs against, when each
 * starts (a key date), how its deadline is worked out, who it is owed to and where the expectation comes
 * from. Everything that shows timescales (the review page, the reviews list, "Your work", the digest, the
 * API, exports, the board report) reads this table through clocks/evaluate.ts. Facts: the expert review
 * (shared/content/expert-review.md) and markers-facts.md §5.
 */
import type { ReviewType } from '../../../db/schema.js';
import type { KeyDateColumn } from '../key-dates.js';

/** How a step's deadline is worked out from its start date. */
export type DueRule =
  | { kind: 'working-days'; n: number }
  /** n working days before the start date: the report goes to the Panel ahead of publication */
  | { kind: 'working-days-before'; n: number }
  | { kind: 'calendar-months'; n: number }
  /** The partnership's own target for completing a SAR, in months (default six) */
  | { kind: 'board-target-months' }
  /** Recorded when it happens; no deadline is set anywhere */
  | { kind: 'none' };

export interface ClockStep {
  /** Stable: the API's `key`, and what extensions and pauses are recorded against */
  key: string;
  title: string;
  start: KeyDateColumn;
  done: KeyDateColumn;
  due: DueRule;
  /** Who the step is owed to, in words */
  owedTo: string;
  /** The rule in a sentence, shown under the clock */
  rule: string;
  /** Where the expectation comes from, shown on the page */
  source: string;
}

export interface ClockRegime {
  /** A heading for the clocks of this type */
  label: string;
  /** Shown above the clocks (or alone when there are none) */
  note: string | null;
  steps: readonly ClockStep[];
  /** The key dates the dates form offers for this type, in the order of KEY_DATES */
  keyDates: readonly KeyDateColumn[];
}

export const DEFAULT_SAR_TARGET_MONTHS = 6;

const WT = 'Working Together to Safeguard Children 2023; Children Act 2004 s16C';

const NOTIFICATION: ClockStep = {
  key: 'notification',
  title: 'Notification',
  start: 'awareness_date',
  done: 'notification_date',
  due: { kind: 'working-days', n: 5 },
  owedTo: 'The Child Safeguarding Practice Review Panel, by the local authority',
  rule: 'The local authority notifies the Panel within 5 working days of becoming aware',
  source: WT,
};

const RAPID_REVIEW: ClockStep = {
  key: 'rapid-review',
  title: 'Rapid review',
  start: 'notification_date',
  done: 'rapid_review_date',
  due: { kind: 'working-days', n: 15 },
  owedTo: 'The Child Safeguarding Practice Review Panel, by the safeguarding partners',
  rule: 'Completed and sent to the Panel within 15 working days of the notification',
  source: 'Working Together 2023 and the Panel’s rapid review guidance (an expectation, not a statutory limit)',
};

const PANEL_RESPONSE: ClockStep = {
  key: 'panel-response',
  title: 'Panel response',
  start: 'rapid_review_date',
  done: 'panel_response_date',
  due: { kind: 'working-days', n: 10 },
  owedTo: 'The safeguarding partners, by the Panel',
  rule: 'The Panel usually responds about 10 working days after the rapid review is sent (expected, not a duty)',
  source: 'Local safeguarding children partnership procedures',
};

const PANEL_TOLD: ClockStep = {
  key: 'panel-told',
  title: 'Decision and reviewer told to the Panel',
  start: 'decision_date',
  done: 'panel_told_date',
  due: { kind: 'none' },
  owedTo: 'The Panel, Ofsted and the Department for Education, by the safeguarding partners',
  rule: 'Tell them of the decision on a local review and who will carry it out; no fixed number of days',
  source: 'Working Together 2023; regulation 11 of SI 2018/789',
};

const REPORT_TO_PANEL: ClockStep = {
  key: 'report-to-panel',
  title: 'Final report to the Panel and the Secretary of State',
  start: 'publication_date',
  done: 'report_sent_date',
  due: { kind: 'working-days-before', n: 7 },
  owedTo: 'The Panel and the Secretary of State, by the safeguarding partners',
  rule: 'Sent at least 7 working days before publication',
  source: 'Working Together to Safeguard Children 2023 (to be checked against the current edition)',
};

const CHILDREN_PUBLICATION: ClockStep = {
  key: 'publication',
  title: 'Publication',
  start: 'decision_date',
  done: 'publication_date',
  due: { kind: 'calendar-months', n: 6 },
  owedTo: 'The public, by the safeguarding partners',
  rule: 'Expected within 6 months of the decision to hold a review',
  source: 'Working Together 2023 (an expectation, not a statutory limit)',
};

const COMMON: KeyDateColumn[] = [
  'incident_date',
  'decision_date',
  'reviewer_appointed_date',
  'draft_report_date',
  'final_report_date',
  'publication_date',
];
const CHILDREN_DATES: KeyDateColumn[] = [
  ...COMMON,
  'awareness_date',
  'notification_date',
  'rapid_review_date',
  'panel_response_date',
  'panel_told_date',
  'report_sent_date',
];

const children = (label: string): ClockRegime => ({
  label,
  note: null,
  steps: [NOTIFICATION, RAPID_REVIEW, PANEL_RESPONSE, PANEL_TOLD, REPORT_TO_PANEL, CHILDREN_PUBLICATION],
  keyDates: CHILDREN_DATES,
});

const SAR: ClockRegime = {
  label: 'Safeguarding adult review timescales',
  note: 'The Care Act 2014 sets no statutory timescales for a safeguarding adult review. The board’s own target for completion applies; the children’s notification and rapid review clocks do not.',
  steps: [
    {
      key: 'sar-decision',
      title: 'Decision on the referral',
      start: 'referral_date',
      done: 'decision_date',
      due: { kind: 'none' },
      owedTo: 'The safeguarding adults board',
      rule: 'The board decides whether the criteria in section 44 are met; no fixed number of days',
      source: 'Care Act 2014 s44',
    },
    {
      key: 'sar-completion',
      title: 'Completion',
      start: 'decision_date',
      done: 'final_report_date',
      due: { kind: 'board-target-months' },
      owedTo: 'The safeguarding adults board',
      rule: 'The board’s target for completing the review, from its decision',
      source:
        'The board’s own target; Care and Support Statutory Guidance ch. 14 expects reviews to be completed promptly',
    },
    {
      key: 'publication',
      title: 'Publication',
      start: 'final_report_date',
      done: 'publication_date',
      due: { kind: 'none' },
      owedTo: 'The public, by the safeguarding adults board',
      rule: 'Published as the board decides; reported in its annual report',
      source: 'Care Act 2014 Schedule 2 paragraph 4',
    },
  ],
  keyDates: [...COMMON, 'awareness_date', 'referral_date'],
};

/** The clocks of every review type. */
export const CLOCKS: Readonly<Record<ReviewType, ClockRegime>> = {
  'rapid-review': {
    ...children('Child safeguarding timescales'),
    steps: [NOTIFICATION, RAPID_REVIEW, PANEL_RESPONSE, PANEL_TOLD],
  },
  'local-cspr': children('Child safeguarding timescales'),
  scr: children('Child safeguarding timescales'),
  'national-cspr': {
    label: 'Led by the Child Safeguarding Practice Review Panel',
    note: 'The national Panel leads a national review and sets its timetable. Only the local notification and rapid review that came before it run against local clocks.',
    steps: [NOTIFICATION, RAPID_REVIEW],
    keyDates: CHILDREN_DATES,
  },
  sar: SAR,
  dhr: {
    label: 'Home Office statutory guidance steps',
    note: 'Domestic homicide reviews follow the Home Office’s statutory guidance, which sets its own steps and timetable. This product does not count them as clocks: record the dates here and follow the guidance.',
    steps: [],
    keyDates: [...COMMON, 'awareness_date'],
  },
  other: {
    label: 'No statutory clocks',
    note: 'No statutory timescales apply to this type of review.',
    steps: [],
    keyDates: [...COMMON, 'awareness_date'],
  },
};

/** Every clock key a review of the type has. */
export const clockKeysOf = (type: ReviewType): string[] => CLOCKS[type].steps.map((s) => s.key);
