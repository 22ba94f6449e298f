/**
 * Where each clock of a review stands on a day. Pure: the review's type and key dates, the partnership's
 * SAR target, the extensions and pauses recorded and "today" go in; what to show comes out.
 */
import type { ReviewType } from '../../../db/schema.js';
import { formatDate } from '../../../lib/uk-time.js';
import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  calendarDaysBetween,
  workingDaysBetween,
} from '../../../lib/working-days.js';
import { KEY_DATES, type KeyDates } from '../key-dates.js';
import { CLOCKS, DEFAULT_SAR_TARGET_MONTHS, type ClockStep } from './table.js';

export type TimescaleStatus =
  'not-applicable' | 'on-track' | 'due-soon' | 'overdue' | 'met' | 'missed' | 'paused' | 'no-deadline' | 'done';

export const TIMESCALE_STATUS: Record<TimescaleStatus, { text: string; tagClass: string }> = {
  'not-applicable': { text: 'Not applicable', tagClass: 'govuk-tag--grey' },
  'on-track': { text: 'On track', tagClass: 'govuk-tag--blue' },
  'due-soon': { text: 'Due soon', tagClass: 'govuk-tag--yellow' },
  overdue: { text: 'Overdue', tagClass: 'govuk-tag--red' },
  met: { text: 'Met', tagClass: 'govuk-tag--green' },
  missed: { text: 'Missed', tagClass: 'govuk-tag--red' },
  paused: { text: 'Paused', tagClass: 'govuk-tag--purple' },
  'no-deadline': { text: 'No set deadline', tagClass: 'govuk-tag--grey' },
  done: { text: 'Done', tagClass: 'govuk-tag--green' },
};

/** An extension agreed or a pause recorded against one clock. */
export interface ClockChange {
  id: string;
  clockKey: string;
  kind: 'extension' | 'pause';
  newDueDate: string | null;
  agreedBy: string | null;
  agreedOn: string | null;
  pausedFrom: string | null;
  pausedTo: string | null;
  reason: string;
}

export interface ClockContext {
  /** The partnership's SAR completion target in months; null or missing: six */
  sarTargetMonths?: number | null;
  /** The review's extensions and pauses (others' are ignored) */
  changes?: readonly ClockChange[];
}

export interface ClockReview extends KeyDates {
  type: ReviewType;
}

export interface Timescale {
  key: string;
  title: string;
  rule: string;
  owedTo: string;
  source: string;
  start: string | null;
  /** The deadline in force: the extended or paused one if there is one */
  due: string | null;
  /** The deadline the rule gives before any extension or pause */
  originalDue: string | null;
  done: string | null;
  status: TimescaleStatus;
  statusText: string;
  tagClass: string;
  /** One sentence saying where things stand */
  detail: string;
  /** Each extension and pause, in words ("Extended to 3 March 2027, agreed with the Panel on …") */
  changes: { id: string; kind: ClockChange['kind']; text: string; reason: string }[];
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const inWorkingDays = (step: ClockStep) => step.due.kind === 'working-days' || step.due.kind === 'working-days-before';

function dueFrom(step: ClockStep, start: string, ctx: ClockContext): string | null {
  const rule = step.due;
  switch (rule.kind) {
    case 'working-days':
      return addWorkingDays(start, rule.n);
    case 'working-days-before':
      return addWorkingDays(start, -rule.n);
    case 'calendar-months':
      return addMonths(start, rule.n);
    case 'board-target-months':
      return addMonths(start, ctx.sarTargetMonths ?? DEFAULT_SAR_TARGET_MONTHS);
    case 'none':
      return null;
  }
}

/** A closed pause moves the deadline on by the days it lasted (working days for a working-day clock). */
function afterPause(step: ClockStep, due: string, from: string, to: string): string {
  if (inWorkingDays(step)) return addWorkingDays(due, workingDaysBetween(addCalendarDays(from, -1), to));
  return addCalendarDays(due, calendarDaysBetween(from, to) + 1);
}

export function describeChange(c: ClockChange): string {
  if (c.kind === 'extension') {
    return `Extended to ${formatDate(c.newDueDate!)}, agreed with ${c.agreedBy} on ${formatDate(c.agreedOn!)}`;
  }
  return c.pausedTo
    ? `Paused from ${formatDate(c.pausedFrom!)} to ${formatDate(c.pausedTo)}`
    : `Paused from ${formatDate(c.pausedFrom!)}, still paused`;
}

function late(step: ClockStep, due: string, date: string): string {
  return inWorkingDays(step)
    ? plural(workingDaysBetween(due, date), 'working day')
    : plural(calendarDaysBetween(due, date), 'day');
}

/**
 * A started step's deadline: the one its rule gives (`original`) and the one in force (`due`) after the
 * closed pauses and the latest extension agreed among `mine` (the step's own changes, in the order recorded).
 * Both null for a step with no fixed deadline. It does not depend on today.
 */
export function deadlineOf(step: ClockStep, start: string, mine: readonly ClockChange[], ctx: ClockContext) {
  const original = dueFrom(step, start, ctx);
  if (!original) return { original: null, due: null, extension: undefined };
  let due = original;
  for (const p of mine)
    if (p.kind === 'pause' && p.pausedFrom && p.pausedTo) due = afterPause(step, due, p.pausedFrom, p.pausedTo);
  const extensions = mine.filter((c) => c.kind === 'extension' && c.newDueDate);
  const extension = extensions.sort((a, b) => (a.agreedOn ?? '').localeCompare(b.agreedOn ?? '')).at(-1);
  if (extension) due = extension.newDueDate!;
  return { original, due, extension };
}

function evaluate(step: ClockStep, dates: KeyDates, today: string, ctx: ClockContext): Timescale {
  const start = dates[step.start];
  const done = dates[step.done];
  const mine = (ctx.changes ?? []).filter((c) => c.clockKey === step.key);
  const base = {
    key: step.key,
    title: step.title,
    rule: step.rule,
    owedTo: step.owedTo,
    source: step.source,
    start,
    done,
    changes: mine.map((c) => ({ id: c.id, kind: c.kind, text: describeChange(c), reason: c.reason })),
  };
  const result = (status: TimescaleStatus, due: string | null, originalDue: string | null, detail: string) => ({
    ...base,
    due,
    originalDue,
    status,
    statusText: TIMESCALE_STATUS[status].text,
    tagClass: TIMESCALE_STATUS[status].tagClass,
    detail,
  });
  if (!start) {
    const phrase = KEY_DATES.find((k) => k.column === step.start)!.phrase;
    return result('not-applicable', null, null, `Not applicable until ${phrase} is entered.`);
  }
  const { original, due, extension } = deadlineOf(step, start, mine, ctx);
  if (!original || !due) {
    return done
      ? result('done', null, null, `Done on ${formatDate(done)}.`)
      : result('no-deadline', null, null, `Started on ${formatDate(start)}; no fixed deadline.`);
  }
  const moved = due !== original;
  const dueText = formatDate(due, { weekday: true });
  if (done) {
    if (done <= original) {
      return result('met', due, original, `Done on ${formatDate(done)}: met against the original date (${dueText}).`);
    }
    if (done <= due) {
      return result(
        'met',
        due,
        original,
        `Done on ${formatDate(done)}: met against the ${extension ? 'extended' : 'paused'} date (${dueText}), not the original (${formatDate(original)}).`,
      );
    }
    return result(
      'missed',
      due,
      original,
      `Done on ${formatDate(done)}, ${late(step, due, done)} after it was due (${dueText}).`,
    );
  }
  const open = mine.find((c) => c.kind === 'pause' && c.pausedFrom && !c.pausedTo && c.pausedFrom <= today);
  if (open) {
    return result(
      'paused',
      due,
      original,
      `Paused since ${formatDate(open.pausedFrom!)}: the clock stops until the pause ends.`,
    );
  }
  const suffix = moved ? ` (originally ${formatDate(original)})` : '';
  if (today > due) {
    return result('overdue', due, original, `Was due by ${dueText}${suffix}: ${late(step, due, today)} ago.`);
  }
  const n = inWorkingDays(step) ? workingDaysBetween(today, due) : calendarDaysBetween(today, due);
  const soon = inWorkingDays(step) ? n <= 2 : n <= 20;
  const left = plural(n, inWorkingDays(step) ? 'working day' : 'day');
  return result(
    soon ? 'due-soon' : 'on-track',
    due,
    original,
    due === today ? `Due today, ${dueText}${suffix}.` : `Due by ${dueText}${suffix}: ${left} left.`,
  );
}

/** The clocks of a review, by its type, as they stand on `today` (an ISO date). */
export function timescalesFor(review: ClockReview, today: string, ctx: ClockContext = {}): Timescale[] {
  return CLOCKS[review.type].steps.map((step) => evaluate(step, review, today, ctx));
}

/** The heading and note that go with a review type's clocks. */
export function clockRegimeOf(type: ReviewType) {
  const { label, note } = CLOCKS[type];
  return { label, note };
}
