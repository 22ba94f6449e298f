/**
 * The GOV.UK date input (day, month and year boxes), read and checked the GOV.UK way, with one set of
 * messages for every form: https://design-system.service.gov.uk/components/date-input/. Pure.
 *
 * The rules, in the order they are checked (the first that fails is the message):
 * 1. nothing entered: no date, or `required`'s message ("Enter the due date") when one is needed;
 * 2. some boxes empty: "<Label> must include a day and month", those boxes marked;
 * 3. a year that is not 4 numbers: "<Label> must include a year with 4 numbers, like 2026", the year marked;
 * 4. not a date: "<Label> must be a real date", the box that cannot be right marked (a month of 13), or all
 *    three when it is the combination (31 February);
 * 5. after `notAfter` (today): "<Label> must be today or in the past", all three marked;
 * 6. outside `years`: "<Label> must be between 1990 and 2100" or "<Label> must be in 1990 or later", the
 *    year marked.
 * A day is 1 or 2 numbers; a month is 1 or 2 numbers, its name or an abbreviation of at least 3 letters
 * ("3", "03", "Mar", "Sept", "March"), in any case.
 */
import { field } from './forms.js';
import { isIsoDate } from './working-days.js';

export type DatePart = 'day' | 'month' | 'year';
export type DateParts = Record<DatePart, string>;
export const DATE_PARTS: readonly DatePart[] = ['day', 'month', 'year'];

/** The years the product records by default: nothing it tracks happened before 1990. */
export const DATE_YEARS = { from: 1990, to: 2100 } as const;

export interface DateRules {
  /** The message when nothing is entered ("Enter the due date"); without it the date may be left empty. */
  required?: string;
  /** The latest date allowed, ISO (today, for dates that must be today or in the past). */
  notAfter?: string;
  /** The first and (optionally) last year allowed. */
  years?: { from: number; to?: number };
}

export interface DateInputResult {
  /** What was typed, kept for the page. */
  parts: DateParts;
  /** YYYY-MM-DD, or null when empty or wrong. */
  iso: string | null;
  error?: string;
  /** The boxes to mark as wrong; the first is where the error summary links. */
  errorParts: DatePart[];
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** A month as a number (1 to 12 when real): "3", "03", "Mar", "Sept" and "March" are all 3. NaN otherwise. */
export function monthNumber(text: string): number {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  const i = lower.length >= 3 ? MONTHS.findIndex((m) => m.startsWith(lower)) : -1;
  return i >= 0 ? i + 1 : NaN;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "day", "day and month". */
const joined = (parts: DatePart[]) => parts.join(' and ');

/** Checks what was typed in one date input; `label` names the date in messages ("Due date"). */
export function checkDateParts(parts: DateParts, label: string, rules: DateRules = {}): DateInputResult {
  const wrong = (error: string, errorParts: DatePart[] = [...DATE_PARTS]): DateInputResult => ({
    parts,
    iso: null,
    error,
    errorParts,
  });
  const empty = DATE_PARTS.filter((p) => !parts[p]);
  if (empty.length === 3) return rules.required ? wrong(rules.required) : { parts, iso: null, errorParts: [] };
  if (empty.length) return wrong(`${label} must include a ${joined(empty)}`, empty);
  if (!/^\d{4}$/.test(parts.year)) return wrong(`${label} must include a year with 4 numbers, like 2026`, ['year']);

  const day = /^\d{1,2}$/.test(parts.day) ? Number(parts.day) : NaN;
  const month = monthNumber(parts.month);
  const year = Number(parts.year);
  const iso = `${parts.year}-${pad(month)}-${pad(day)}`;
  if (!isIsoDate(iso)) {
    const cannotBe = [
      ...(day >= 1 && day <= 31 ? [] : ['day' as const]),
      ...(month >= 1 && month <= 12 ? [] : ['month' as const]),
    ];
    return wrong(`${label} must be a real date`, cannotBe.length ? cannotBe : undefined);
  }
  if (rules.notAfter && iso > rules.notAfter) return wrong(`${label} must be today or in the past`);
  const years = rules.years;
  if (years && (year < years.from || (years.to !== undefined && year > years.to))) {
    const message =
      years.to === undefined ? `must be in ${years.from} or later` : `must be between ${years.from} and ${years.to}`;
    return wrong(`${label} ${message}`, ['year']);
  }
  return { parts, iso, errorParts: [] };
}

/** The three boxes named `<name>-day`, `<name>-month` and `<name>-year` of a form body or query. */
export function readDateParts(source: unknown, name: string): DateParts {
  return {
    day: field(source, `${name}-day`),
    month: field(source, `${name}-month`),
    year: field(source, `${name}-year`),
  };
}

/** Reads and checks the date input called `name`. */
export function parseDateInput(source: unknown, name: string, label: string, rules: DateRules = {}): DateInputResult {
  return checkDateParts(readDateParts(source, name), label, rules);
}

/** The id the error summary links to: the first box marked wrong. */
export function dateErrorId(name: string, errorParts: readonly DatePart[]): string {
  return `${name}-${errorParts[0] ?? 'day'}`;
}

/** What a form with the date fields `K` shows of their errors. */
export interface DateFieldErrors<K extends string> {
  errors: Partial<Record<K, string>>;
  /** The boxes of each date to mark as wrong. */
  wrongParts: Record<K, DatePart[]>;
  /** Where the error summary links, by field. */
  errorTargets: Partial<Record<K, string>>;
}

/** Shows each date's own error, if it has one, on its field. */
export function showDateErrors<K extends string>(form: DateFieldErrors<NoInfer<K>>, dates: Record<K, DateInputResult>) {
  for (const key of Object.keys(dates) as K[]) {
    const date = dates[key];
    if (!date.error) continue;
    form.errors[key] = date.error;
    form.wrongParts[key] = date.errorParts;
    form.errorTargets[key] = dateErrorId(key, date.errorParts);
  }
}

/** Shows a rule about a date as a whole (its order against another) on all of its boxes. */
export function showWholeDateError<K extends string>(form: DateFieldErrors<K>, key: K, message: string) {
  form.errors[key] = message;
  form.wrongParts[key] = [...DATE_PARTS];
  form.errorTargets[key] = dateErrorId(key, DATE_PARTS);
}

/** The boxes filled from a saved date (day and month without leading zeros). */
export function partsOf(iso: string | null | undefined): DateParts {
  const [year, month, day] = iso ? iso.split('-') : ['', '', ''];
  return { day: day ? String(Number(day)) : '', month: month ? String(Number(month)) : '', year: year ?? '' };
}

/** The items govukDateInput takes, the wrong boxes marked. */
export function dateItems(parts: DateParts, errorParts: readonly DatePart[] = []) {
  return DATE_PARTS.map((p) => ({
    name: p,
    classes: `${p === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${errorParts.includes(p) ? ' govuk-input--error' : ''}`,
    value: parts[p],
  }));
}

/**
 * A date written in one piece, as a spreadsheet cell holds it: "31/3/2027", "31/03/2027", "31-3-2027",
 * "31.3.2027" or "2027-03-31". The ISO date, or null when it is not a real date in `years`.
 */
export function dateFromText(text: string, years: DateRules['years'] = DATE_YEARS): string | null {
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const parts = uk
    ? { day: uk[1]!, month: uk[2]!, year: uk[3]! }
    : iso
      ? { day: iso[3]!, month: iso[2]!, year: iso[1]! }
      : undefined;
  return parts ? checkDateParts(parts, '', { years }).iso : null;
}
