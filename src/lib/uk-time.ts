/**
 * Dates and times as people in England and Wales read them: every UK-time format the product shows or
 * exports, in one place. Stored moments are UTC ISO text; these turn them into UK clock time (GMT in
 * winter, BST in summer, Europe/London) and write them the GOV.UK way. Calendar dates (YYYY-MM-DD) have
 * no time zone and are written as they are. Pure; the formatters are made once (making one per call is
 * slow, and a large review has hundreds of dates).
 */
import { isIsoDate } from './working-days.js';

const ZONE = 'Europe/London';

const ISO_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const LONG = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const LONG_WITH_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const TIME_12 = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});
const TIME_24 = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const STAMP = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const WALL_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

const moment = (at: string | Date) => (typeof at === 'string' ? new Date(at) : at);

/** The calendar date in England at a moment (00:30 BST on 1 June is 1 June, though UTC says 31 May). */
export function londonDate(at: Date): string {
  return ISO_DAY.format(at);
}

/** A calendar date, "2023-01-03", as "3 January 2023", or with the day of the week "Tuesday 3 January 2023". */
export function formatDate(date: string, opts: { weekday?: boolean } = {}): string {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  const at = new Date(`${date}T00:00:00Z`);
  return (opts.weekday ? LONG_WITH_DAY : LONG).format(at).replace(',', '');
}

/**
 * "25 November 2026" for a calendar date or for a moment (its date in UK time); '' for nothing, and the
 * text itself when it is neither (documents show what they were given rather than fail).
 */
export function longDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && value.length === 10) return isIsoDate(value) ? formatDate(value) : value;
  const at = moment(value);
  return Number.isNaN(at.getTime()) ? String(value) : formatDate(londonDate(at));
}

/** A moment the GOV.UK way: "14 March 2026 at 2:05pm" (midday is 12:00pm, midnight 12:00am). */
export function formatDateTime(at: string | Date): string {
  const when = moment(at);
  const time = TIME_12.format(when).replace(/\s/g, '').toLowerCase();
  return `${formatDate(londonDate(when))} at ${time}`;
}

/** A moment on the 24-hour clock: "25 November 2026 at 14:05" (the API tokens page). */
export function formatDateTime24(at: string | Date): string {
  const when = moment(at);
  return `${formatDate(londonDate(when))} at ${TIME_24.format(when)}`;
}

/** A moment to the second, for the audit log: "25 Nov 2026, 14:05:09". */
export function formatTimestamp(at: string | Date): string {
  return STAMP.format(moment(at));
}

/** The UK clock at a moment, as its fields: year, month (1–12), day, hour, minute, second. */
function wallClock(at: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = Object.fromEntries(WALL_CLOCK.formatToParts(at).map((p) => [p.type, Number(p.value)]));
  return parts as ReturnType<typeof wallClock>;
}

/** How far ahead of UTC UK clocks are at a moment (0 or 1 hour), in milliseconds. */
function londonOffsetMs(at: Date): number {
  const c = wallClock(at);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second) - (at.getTime() - at.getUTCMilliseconds());
}

/**
 * A moment as a spreadsheet must be given it: spreadsheets have no time zones, so the cell holds the time UK
 * clocks showed. The result's UTC fields are the UK clock's (14:05 BST, 13:05Z, gives 14:05Z).
 */
export function ukWallClock(at: string | Date): Date {
  const when = moment(at);
  return new Date(when.getTime() + londonOffsetMs(when));
}

/**
 * The moment UK clocks show midnight at the start of a calendar date (clocks change at 1am, so it is never
 * ambiguous): "2026-07-01" → 2026-06-30T23:00:00Z; "2026-01-01" → 2026-01-01T00:00:00Z.
 */
export function ukMidnight(date: string): Date {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  const guess = new Date(`${date}T00:00:00Z`);
  return new Date(guess.getTime() - londonOffsetMs(guess));
}
