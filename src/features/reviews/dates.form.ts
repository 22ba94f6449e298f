/** The key dates form: GOV.UK date inputs (day, month, year) for each key date, checked the GOV.UK way. */
import { field, type FieldErrors } from '../../lib/forms.js';
import { isIsoDate } from '../../lib/working-days.js';
import { KEY_DATES, type KeyDates } from './key-dates.js';

export type DatePart = 'day' | 'month' | 'year';
const PARTS: DatePart[] = ['day', 'month', 'year'];

export type DateParts = Record<DatePart, string>;
/** The person's input, by key date name ("notification"): kept exactly as typed. */
export type DatesValues = Record<string, DateParts>;

export interface DatesForm {
  values: DatesValues;
  errors: FieldErrors;
  /** Which of a date's inputs to mark as wrong */
  errorParts: Record<string, DatePart[]>;
  /** The dates as they will be saved: null where left empty */
  dates: KeyDates;
}

/** The earliest year accepted: nothing the product records happened before it. */
export const EARLIEST_YEAR = 1990;

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

/** A month as a number: "3", "03", "Mar" and "March" are all 3 (GOV.UK asks services to accept names). */
function monthNumber(text: string): number {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  const i = MONTHS.findIndex((m) => m === lower || m.slice(0, 3) === lower);
  return i >= 0 ? i + 1 : NaN;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function missingMessage(label: string, missing: DatePart[]): string {
  return `${label} must include a ${missing.join(' and ')}`;
}

export function parseDates(body: unknown, today: string): DatesForm {
  const values: DatesValues = {};
  const errors: FieldErrors = {};
  const errorParts: Record<string, DatePart[]> = {};
  const dates = Object.fromEntries(KEY_DATES.map((k) => [k.column, null])) as KeyDates;

  for (const k of KEY_DATES) {
    const parts = Object.fromEntries(PARTS.map((p) => [p, field(body, `${k.name}-${p}`)])) as DateParts;
    values[k.name] = parts;
    const missing = PARTS.filter((p) => !parts[p]);
    if (missing.length === 3) continue;
    if (missing.length) {
      errors[k.name] = missingMessage(k.label, missing);
      errorParts[k.name] = missing;
      continue;
    }
    const day = /^\d{1,2}$/.test(parts.day) ? Number(parts.day) : NaN;
    const month = monthNumber(parts.month);
    if (!/^\d{4}$/.test(parts.year)) {
      errors[k.name] = `${k.label} must include a year with 4 numbers, like 2026`;
      errorParts[k.name] = ['year'];
      continue;
    }
    const iso = `${parts.year}-${pad(month)}-${pad(day)}`;
    if (Number.isNaN(day) || Number.isNaN(month) || !isIsoDate(iso)) {
      errors[k.name] = `${k.label} must be a real date`;
      errorParts[k.name] = [...PARTS];
      continue;
    }
    if (iso > today) {
      errors[k.name] = `${k.label} must be today or in the past`;
      errorParts[k.name] = [...PARTS];
      continue;
    }
    if (Number(parts.year) < EARLIEST_YEAR) {
      errors[k.name] = `${k.label} must be in ${EARLIEST_YEAR} or later`;
      errorParts[k.name] = ['year'];
      continue;
    }
    dates[k.column] = iso;
  }

  // The order they happen in, checked once each date is a real one.
  for (const k of KEY_DATES) {
    const date = dates[k.column];
    if (!date) continue;
    const before = k.notBefore.find((c) => dates[c]);
    if (before && date < dates[before]!) {
      const other = KEY_DATES.find((o) => o.column === before)!;
      errors[k.name] = `${k.label} must be the same as or after ${other.phrase}`;
      errorParts[k.name] = [...PARTS];
    }
  }
  // The summary lists the errors in the order of the form.
  const ordered: FieldErrors = {};
  for (const k of KEY_DATES) if (errors[k.name]) ordered[k.name] = errors[k.name];
  return { values, errors: ordered, errorParts, dates };
}

/** The form's inputs filled from saved dates (day and month without leading zeros). */
export function valuesFrom(dates: KeyDates): DatesValues {
  return Object.fromEntries(
    KEY_DATES.map((k) => {
      const iso = dates[k.column];
      const [year, month, day] = iso ? iso.split('-') : ['', '', ''];
      return [k.name, { day: day ? String(Number(day)) : '', month: month ? String(Number(month)) : '', year: year! }];
    }),
  );
}

/** The id each error in the summary links to: the first input that is wrong. */
export function errorIds(errorParts: Record<string, DatePart[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(errorParts).map(([name, parts]) => [name, `${name}-${parts[0]}`]));
}

/** What the template's govukDateInput needs for each key date. */
export function dateInputs(values: DatesValues, errors: FieldErrors, errorParts: Record<string, DatePart[]>) {
  return KEY_DATES.map((k) => ({
    name: k.name,
    label: k.label,
    hint: k.hint,
    error: errors[k.name],
    items: PARTS.map((p) => ({
      name: p,
      classes: `${p === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${errorParts[k.name]?.includes(p) ? ' govuk-input--error' : ''}`,
      value: values[k.name]?.[p] ?? '',
    })),
  }));
}
