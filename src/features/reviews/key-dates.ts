/** A review's key dates: what each records, how the form and messages name it, and their order. */

export type KeyDateColumn =
  | 'incident_date'
  | 'awareness_date'
  | 'notification_date'
  | 'rapid_review_date'
  | 'decision_date'
  | 'reviewer_appointed_date'
  | 'draft_report_date'
  | 'final_report_date'
  | 'publication_date'
  | 'referral_date'
  | 'panel_response_date'
  | 'panel_told_date'
  | 'report_sent_date';

export type KeyDates = Record<KeyDateColumn, string | null>;

/** A review's key dates before any is entered. */
export const NO_KEY_DATES: Readonly<KeyDates> = {
  incident_date: null,
  awareness_date: null,
  notification_date: null,
  rapid_review_date: null,
  decision_date: null,
  reviewer_appointed_date: null,
  draft_report_date: null,
  final_report_date: null,
  publication_date: null,
  referral_date: null,
  panel_response_date: null,
  panel_told_date: null,
  report_sent_date: null,
};

export interface KeyDate {
  /** The form's field name, and the id of its date input */
  name: string;
  column: KeyDateColumn;
  /** Begins every message about it: "Date of notification must be a real date" */
  label: string;
  /** How other dates' messages name it: "must be on or after the date of notification" */
  phrase: string;
  hint: string;
  /** Earlier key dates it cannot come before, nearest first: the first one entered is checked. */
  notBefore: KeyDateColumn[];
}

/** In the order they usually happen. Each records something that has happened, so none is in the future. */
export const KEY_DATES: readonly KeyDate[] = [
  {
    name: 'incident',
    column: 'incident_date',
    label: 'Date of the incident',
    phrase: 'the date of the incident',
    hint: 'The serious incident that led to the review. If it happened over a period, use the last date.',
    notBefore: [],
  },
  {
    name: 'awareness',
    column: 'awareness_date',
    label: 'Date the partnership became aware',
    phrase: 'the date the partnership became aware',
    hint: 'When the local authority or partnership first knew of the incident. The 5 working days for notification start the day after.',
    notBefore: ['incident_date'],
  },
  {
    name: 'referral',
    column: 'referral_date',
    label: 'Date the referral was received',
    phrase: 'the date the referral was received',
    hint: 'When the safeguarding adults board received the referral for a safeguarding adult review.',
    notBefore: ['awareness_date', 'incident_date'],
  },
  {
    name: 'notification',
    column: 'notification_date',
    label: 'Date of notification',
    phrase: 'the date of notification',
    hint: 'When the incident was notified (for children, to the Child Safeguarding Practice Review Panel).',
    notBefore: ['awareness_date', 'incident_date'],
  },
  {
    name: 'rapidReview',
    column: 'rapid_review_date',
    label: 'Date of the rapid review',
    phrase: 'the date of the rapid review',
    hint: 'When the rapid review was completed and its decision sent to the national panel.',
    notBefore: ['notification_date', 'awareness_date', 'incident_date'],
  },
  {
    name: 'panelResponse',
    column: 'panel_response_date',
    label: "Date of the Panel's response",
    phrase: "the date of the Panel's response",
    hint: 'When the Child Safeguarding Practice Review Panel responded to the rapid review.',
    notBefore: ['rapid_review_date'],
  },
  {
    name: 'decision',
    column: 'decision_date',
    label: 'Date of the decision to hold a review',
    phrase: 'the date of the decision to hold a review',
    hint: 'The timescales for completing and publishing the review start from this date.',
    notBefore: ['referral_date', 'awareness_date', 'incident_date'],
  },
  {
    name: 'panelTold',
    column: 'panel_told_date',
    label: 'Date the Panel was told of the decision and the reviewer',
    phrase: 'the date the Panel was told of the decision and the reviewer',
    hint: 'When the partners told the Panel, Ofsted and the Department for Education of the decision and who will carry out the review.',
    notBefore: ['decision_date'],
  },
  {
    name: 'reviewerAppointed',
    column: 'reviewer_appointed_date',
    label: 'Date the reviewer was appointed',
    phrase: 'the date the reviewer was appointed',
    hint: '',
    notBefore: ['decision_date'],
  },
  {
    name: 'draftReport',
    column: 'draft_report_date',
    label: 'Date of the draft report',
    phrase: 'the date of the draft report',
    hint: '',
    notBefore: ['reviewer_appointed_date', 'decision_date'],
  },
  {
    name: 'finalReport',
    column: 'final_report_date',
    label: 'Date of the final report',
    phrase: 'the date of the final report',
    hint: '',
    notBefore: ['draft_report_date', 'reviewer_appointed_date', 'decision_date'],
  },
  {
    name: 'reportSent',
    column: 'report_sent_date',
    label: 'Date the final report was sent to the Panel and the Secretary of State',
    phrase: 'the date the final report was sent to the Panel and the Secretary of State',
    hint: 'At least 7 working days before publication.',
    notBefore: ['final_report_date'],
  },
  {
    name: 'publication',
    column: 'publication_date',
    label: 'Date of publication',
    phrase: 'the date of publication',
    hint: '',
    notBefore: ['final_report_date', 'draft_report_date', 'decision_date'],
  },
];
