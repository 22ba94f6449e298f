/**
 * A review's key dates and the statutory and expected timescales worked out from them. Pure: the dates
 * and "today" go in, what to show comes out. Working days are England and Wales working days.
 */
import {
  addMonths,
  addWorkingDays,
  calendarDaysBetween,
  formatDate,
  workingDaysBetween,
} from '../../lib/working-days.js';

export type KeyDateColumn =
  | 'incident_date'
  | 'awareness_date'
  | 'notification_date'
  | 'rapid_review_date'
  | 'decision_date'
  | 'reviewer_appointed_date'
  | 'draft_report_date'
  | 'final_report_date'
  | 'publication_date';

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
    name: 'decision',
    column: 'decision_date',
    label: 'Date of the decision to hold a review',
    phrase: 'the date of the decision to hold a review',
    hint: 'Publication is expected within 6 months of this date.',
    notBefore: ['awareness_date', 'incident_date'],
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
    name: 'publication',
    column: 'publication_date',
    label: 'Date of publication',
    phrase: 'the date of publication',
    hint: '',
    notBefore: ['final_report_date', 'draft_report_date', 'decision_date'],
  },
];

export type TimescaleStatus = 'not-applicable' | 'on-track' | 'due-soon' | 'overdue' | 'met' | 'missed';

export const TIMESCALE_STATUS: Record<TimescaleStatus, { text: string; tagClass: string }> = {
  'not-applicable': { text: 'Not applicable', tagClass: 'govuk-tag--grey' },
  'on-track': { text: 'On track', tagClass: 'govuk-tag--blue' },
  'due-soon': { text: 'Due soon', tagClass: 'govuk-tag--yellow' },
  overdue: { text: 'Overdue', tagClass: 'govuk-tag--red' },
  met: { text: 'Met', tagClass: 'govuk-tag--green' },
  missed: { text: 'Missed', tagClass: 'govuk-tag--red' },
};

export interface Timescale {
  key: 'notification' | 'rapid-review' | 'publication';
  title: string;
  rule: string;
  start: string | null;
  due: string | null;
  done: string | null;
  status: TimescaleStatus;
  statusText: string;
  tagClass: string;
  /** One sentence saying where things stand */
  detail: string;
}

interface Rule {
  key: Timescale['key'];
  title: string;
  rule: string;
  start: KeyDateColumn;
  done: KeyDateColumn;
  /** The deadline from the start date */
  due(start: string): string;
  /** Whether a deadline still ahead counts as "due soon", and how much time is left in words */
  left(today: string, due: string): { soon: boolean; words: string };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

const inWorkingDays = (today: string, due: string) => {
  const n = workingDaysBetween(today, due);
  return { soon: n <= 2, words: plural(n, 'working day') };
};

const RULES: Rule[] = [
  {
    key: 'notification',
    title: 'Notification',
    rule: 'Within 5 working days of the partnership becoming aware',
    start: 'awareness_date',
    done: 'notification_date',
    due: (start) => addWorkingDays(start, 5),
    left: inWorkingDays,
  },
  {
    key: 'rapid-review',
    title: 'Rapid review',
    rule: 'Within 15 working days of notification',
    start: 'notification_date',
    done: 'rapid_review_date',
    due: (start) => addWorkingDays(start, 15),
    left: inWorkingDays,
  },
  {
    key: 'publication',
    title: 'Publication',
    rule: 'Expected within 6 months of the decision to hold a review',
    start: 'decision_date',
    done: 'publication_date',
    due: (start) => addMonths(start, 6),
    left: (today, due) => {
      const n = calendarDaysBetween(today, due);
      return { soon: n <= 20, words: plural(n, 'day') };
    },
  },
];

function late(rule: Rule, due: string, date: string): string {
  return rule.key === 'publication'
    ? plural(calendarDaysBetween(due, date), 'day')
    : plural(workingDaysBetween(due, date), 'working day');
}

function withStatus(t: Omit<Timescale, 'statusText' | 'tagClass'>): Timescale {
  return { ...t, statusText: TIMESCALE_STATUS[t.status].text, tagClass: TIMESCALE_STATUS[t.status].tagClass };
}

function evaluate(rule: Rule, dates: KeyDates, today: string): Timescale {
  const start = dates[rule.start];
  const done = dates[rule.done];
  const base = { key: rule.key, title: rule.title, rule: rule.rule, start, done };
  if (!start) {
    const startLabel = KEY_DATES.find((k) => k.column === rule.start)!.phrase;
    return withStatus({
      ...base,
      due: null,
      status: 'not-applicable',
      detail: `Not applicable until ${startLabel} is entered.`,
    });
  }
  const due = rule.due(start);
  const dueText = formatDate(due, { weekday: true });
  if (done) {
    if (done <= due) {
      return withStatus({ ...base, due, status: 'met', detail: `Done on ${formatDate(done)}, due by ${dueText}.` });
    }
    return withStatus({
      ...base,
      due,
      status: 'missed',
      detail: `Done on ${formatDate(done)}, ${late(rule, due, done)} after it was due (${dueText}).`,
    });
  }
  if (today > due) {
    return withStatus({
      ...base,
      due,
      status: 'overdue',
      detail: `Was due by ${dueText}: ${late(rule, due, today)} ago.`,
    });
  }
  const left = rule.left(today, due);
  return withStatus({
    ...base,
    due,
    status: left.soon ? 'due-soon' : 'on-track',
    detail: due === today ? `Due today, ${dueText}.` : `Due by ${dueText}: ${left.words} left.`,
  });
}

/** The three timescales for a review's dates, as they stand on `today` (an ISO date). */
export function timescalesFor(dates: KeyDates, today: string): Timescale[] {
  return RULES.map((rule) => evaluate(rule, dates, today));
}

/** What the overview shows: each key date written out, and the timescales. */
export function keyDatesSummary(dates: KeyDates, today: string) {
  return {
    dates: KEY_DATES.map((k) => ({
      name: k.name,
      label: k.label,
      value: dates[k.column],
      text: dates[k.column] ? formatDate(dates[k.column]!) : 'Not entered',
    })),
    timescales: timescalesFor(dates, today),
  };
}
