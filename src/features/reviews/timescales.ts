/**
 * The statutory and expected timescales worked out from a review's key dates. Pure: the dates and
 * "today" go in, what to show comes out. Working days are England and Wales working days.
 */
import { formatDate } from '../../lib/uk-time.js';
import { addMonths, addWorkingDays, calendarDaysBetween, workingDaysBetween } from '../../lib/working-days.js';
import { KEY_DATES, type KeyDateColumn, type KeyDates } from './key-dates.js';

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
    rule: 'By the local authority, within 5 working days of becoming aware (Working Together)',
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
