/**
 * Calendar dates and working days in England and Wales. Dates are ISO calendar dates ("2026-03-14"),
 * the form the database keeps them in: no times, no time zones. A working day is Monday to Friday and
 * not a bank holiday (see bank-holidays.ts).
 */
import { bankHolidays } from './bank-holidays.js';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the text is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Midnight UTC of the date, in milliseconds; a RangeError for anything that is not a real date. */
function toTime(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

const fromTime = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The date `n` calendar days after (or before, when negative) the given date. */
export function addCalendarDays(date: string, n: number): string {
  return fromTime(toTime(date) + n * DAY_MS);
}

/** Calendar days from a to b: positive when b is later. */
export function calendarDaysBetween(a: string, b: string): number {
  return Math.round((toTime(b) - toTime(a)) / DAY_MS);
}

/** The same day `n` months later; the last day of the month when that day does not exist (31 Aug + 6 → 28/29 Feb). */
export function addMonths(date: string, n: number): string {
  const t = new Date(toTime(date));
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromTime(Date.UTC(y, m, Math.min(t.getUTCDate(), lastDay)));
}

/** Monday to Friday and not an England and Wales bank holiday. */
export function isWorkingDay(date: string): boolean {
  return isWorkingTime(toTime(date));
}

// The loops below step through days as milliseconds, never making a date's text or parsing it back. Counting over years of an overdue clock (the learning dashboard
// evaluates every review's clocks at once) was dominated by that round trip.
const holidayTimes = new Map<number, Set<number>>();
/** The year's England and Wales bank holidays, as midnight UTC in milliseconds. */
function holidaysOf(year: number): Set<number> {
  let set = holidayTimes.get(year);
  if (!set) {
    set = new Set(bankHolidays(year).map((h) => Date.parse(`${h.date}T00:00:00Z`)));
    holidayTimes.set(year, set);
  }
  return set;
}
const isWorkingTime = (t: number): boolean => {
  const at = new Date(t);
  const day = at.getUTCDay();
  return day !== 0 && day !== 6 && !holidaysOf(at.getUTCFullYear()).has(t);
};

/**
 * The date `n` working days after the given date (counting starts the day after it), or before it when
 * `n` is negative. With n = 0 the date itself, working day or not.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Working days must be a whole number: ${n}`);
  let t = toTime(date);
  const step = n < 0 ? -DAY_MS : DAY_MS;
  for (let left = Math.abs(n); left > 0;) {
    t += step;
    if (isWorkingTime(t)) left -= 1;
  }
  return fromTime(t);
}

/**
 * Working days after a, up to and including b: so addWorkingDays(a, workingDaysBetween(a, b)) is b when b
 * is a working day. Negative when b is before a (the working days from b up to, not including, a); 0 on
 * the same day.
 */
export function workingDaysBetween(a: string, b: string): number {
  const start = toTime(a);
  const end = toTime(b);
  return end < start ? -workingDaysAfter(end - DAY_MS, start - DAY_MS) : workingDaysAfter(start, end);
}

/** Working days after `from`, up to and including `to` (both midnight UTC, from ≤ to): whole weeks at once. */
function workingDaysAfter(from: number, to: number): number {
  const days = Math.round((to - from) / DAY_MS);
  const weeks = Math.floor(days / 7);
  // Any seven days in a row hold five weekdays; the days left over are counted one by one.
  let count = weeks * 5;
  for (let t = from + (weeks * 7 + 1) * DAY_MS; t <= to; t += DAY_MS) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) count += 1;
  }
  for (let year = new Date(from).getUTCFullYear(); year <= new Date(to).getUTCFullYear(); year += 1) {
    for (const h of holidaysOf(year)) {
      const day = new Date(h).getUTCDay();
      if (h > from && h <= to && day !== 0 && day !== 6) count -= 1;
    }
  }
  return count;
}
