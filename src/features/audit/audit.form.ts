import { field, type FormResult } from '../../lib/forms.js';

/** The audit log's filters (a GET form), checked GOV.UK-style; dates are days in UK time. */

export type AuditFilterField = 'person' | 'action' | 'from' | 'to';

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export interface AuditFilterValues {
  person: string;
  action: string;
  from: DateParts;
  to: DateParts;
  page: number;
}

export interface ParsedAuditFilter extends FormResult<AuditFilterValues, AuditFilterField> {
  /** Inclusive start, UTC ISO: midnight UK time at the start of "date from". */
  fromIso?: string;
  /** Exclusive end, UTC ISO: midnight UK time at the end of "date to". */
  toIso?: string;
  /** Which parts of each date input to mark as wrong. */
  wrongParts: { from: (keyof DateParts)[]; to: (keyof DateParts)[] };
  /** The link target of each error in the summary. */
  errorTargets: Partial<Record<AuditFilterField, string>>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(text: string): number {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const i = MONTHS.indexOf(text.slice(0, 3).toLowerCase());
  return i >= 0 && text.length >= 3 ? i + 1 : NaN;
}

const PART_NAMES: Record<keyof DateParts, string> = { day: 'day', month: 'month', year: 'year' };

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

type DateCheck =
  | { kind: 'empty' }
  | { kind: 'ok'; y: number; m: number; d: number }
  | { kind: 'error'; message: string; wrong: (keyof DateParts)[] };

/** Checks one GOV.UK date input; label is "Date from" or "Date to". */
export function checkDate(parts: DateParts, label: string): DateCheck {
  const keys: (keyof DateParts)[] = ['day', 'month', 'year'];
  const missing = keys.filter((k) => !parts[k]);
  if (missing.length === 3) return { kind: 'empty' };
  if (missing.length) {
    return {
      kind: 'error',
      message: `${label} must include a ${joinWords(missing.map((k) => PART_NAMES[k]))}`,
      wrong: missing,
    };
  }
  const d = /^\d{1,2}$/.test(parts.day) ? Number(parts.day) : NaN;
  const m = monthNumber(parts.month);
  const y = /^\d{4}$/.test(parts.year) ? Number(parts.year) : NaN;
  const probe = new Date(Date.UTC(y, m - 1, d));
  const real =
    Number.isInteger(d) &&
    Number.isInteger(m) &&
    Number.isInteger(y) &&
    y >= 1900 &&
    probe.getUTCFullYear() === y &&
    probe.getUTCMonth() === m - 1 &&
    probe.getUTCDate() === d;
  if (!real) {
    const wrong = keys.filter((k) => (k === 'day' ? !(d >= 1 && d <= 31) : k === 'month' ? !(m >= 1 && m <= 12) : !y));
    return { kind: 'error', message: `${label} must be a real date`, wrong: wrong.length ? wrong : keys };
  }
  return { kind: 'ok', y, m, d };
}

/** How far ahead of UTC UK clocks are at an instant (0 or 1 hour), in milliseconds. */
function londonOffsetMs(at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - (at.getTime() - at.getUTCMilliseconds());
}

/** The instant UK clocks show midnight at the start of a day (clocks change at 1am, so never ambiguous). */
export function londonMidnight(y: number, m: number, d: number): Date {
  const guess = new Date(Date.UTC(y, m - 1, d));
  return new Date(guess.getTime() - londonOffsetMs(guess));
}

function dateParts(query: unknown, prefix: string): DateParts {
  return {
    day: field(query, `${prefix}-day`),
    month: field(query, `${prefix}-month`),
    year: field(query, `${prefix}-year`),
  };
}

/** Reads the filters from the query string; people and actions must be ones offered in the selects. */
export function parseAuditFilter(query: unknown, people: string[], actions: string[]): ParsedAuditFilter {
  const person = field(query, 'person');
  const action = field(query, 'action');
  const pageNumber = Number(field(query, 'page'));
  const values: AuditFilterValues = {
    person,
    action,
    from: dateParts(query, 'from'),
    to: dateParts(query, 'to'),
    page: Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= 100_000 ? pageNumber : 1,
  };
  const result: ParsedAuditFilter = { values, errors: {}, wrongParts: { from: [], to: [] }, errorTargets: {} };
  if (person && !people.includes(person)) result.errors.person = 'Select a person from the list';
  if (action && !actions.includes(action)) result.errors.action = 'Select an action from the list';

  const from = checkDate(values.from, 'Date from');
  const to = checkDate(values.to, 'Date to');
  for (const [key, check] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (check.kind === 'error') {
      result.errors[key] = check.message;
      result.wrongParts[key] = check.wrong;
      result.errorTargets[key] = `${key}-${check.wrong[0] ?? 'day'}`;
    }
  }
  if (from.kind === 'ok') result.fromIso = londonMidnight(from.y, from.m, from.d).toISOString();
  if (to.kind === 'ok') result.toIso = londonMidnight(to.y, to.m, to.d + 1).toISOString();
  if (result.fromIso && result.toIso && result.toIso <= result.fromIso) {
    result.errors.to = 'Date to must be the same as or after date from';
    result.wrongParts.to = ['day', 'month', 'year'];
    result.errorTargets.to = 'to-day';
  }
  return result;
}

/** The filters as a query string (without the page), for the CSV link and pagination. */
export function filterQuery(values: AuditFilterValues, page?: number): string {
  const q = new URLSearchParams();
  if (values.person) q.set('person', values.person);
  if (values.action) q.set('action', values.action);
  for (const key of ['from', 'to'] as const) {
    const parts = values[key];
    if (parts.day || parts.month || parts.year) {
      q.set(`${key}-day`, parts.day);
      q.set(`${key}-month`, parts.month);
      q.set(`${key}-year`, parts.year);
    }
  }
  if (page && page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `?${s}` : '';
}
