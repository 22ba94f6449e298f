/** The key dates form: GOV.UK date inputs (day, month, year) for each key date, checked the GOV.UK way. */
import {
  DATE_PARTS,
  dateErrorId,
  dateItems,
  parseDateInput,
  partsOf,
  type DatePart,
  type DateParts,
} from '../../lib/date-input.js';
import type { FieldErrors } from '../../lib/forms.js';
import type { ReviewType } from '../../db/schema.js';
import { KEY_DATES, type KeyDates } from './key-dates.js';
import { keyDatesOf } from './timescales.js';

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

/**
 * Reads the key dates the review's type records (all of them without a type); the others keep their
 * `current` values, so a date a type does not show is never wiped by saving the form.
 */
export function parseDates(body: unknown, today: string, type?: ReviewType, current?: KeyDates): DatesForm {
  const values: DatesValues = {};
  const errors: FieldErrors = {};
  const errorParts: Record<string, DatePart[]> = {};
  const dates = Object.fromEntries(KEY_DATES.map((k) => [k.column, current?.[k.column] ?? null])) as KeyDates;

  for (const k of type ? keyDatesOf(type) : KEY_DATES) {
    const date = parseDateInput(body, k.name, k.label, { notAfter: today, years: { from: EARLIEST_YEAR } });
    values[k.name] = date.parts;
    if (date.error) {
      errors[k.name] = date.error;
      errorParts[k.name] = date.errorParts;
    }
    dates[k.column] = date.iso;
  }

  // The order they happen in, checked once each date is a real one.
  for (const k of KEY_DATES) {
    const date = dates[k.column];
    if (!date) continue;
    const before = k.notBefore.find((c) => dates[c]);
    if (before && date < dates[before]!) {
      const other = KEY_DATES.find((o) => o.column === before)!;
      errors[k.name] = `${k.label} must be the same as or after ${other.phrase}`;
      errorParts[k.name] = [...DATE_PARTS];
    }
  }
  // The summary lists the errors in the order of the form.
  const ordered: FieldErrors = {};
  for (const k of KEY_DATES) if (errors[k.name]) ordered[k.name] = errors[k.name];
  return { values, errors: ordered, errorParts, dates };
}

/** The form's inputs filled from saved dates (day and month without leading zeros). */
export function valuesFrom(dates: KeyDates): DatesValues {
  return Object.fromEntries(KEY_DATES.map((k) => [k.name, partsOf(dates[k.column])]));
}

/** The id each error in the summary links to: the first input that is wrong. */
export function errorIds(errorParts: Record<string, DatePart[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(errorParts).map(([name, parts]) => [name, dateErrorId(name, parts)]));
}

/** What the template's govukDateInput needs for each key date. */
export function dateInputs(
  values: DatesValues,
  errors: FieldErrors,
  errorParts: Record<string, DatePart[]>,
  type?: ReviewType,
) {
  return (type ? keyDatesOf(type) : KEY_DATES).map((k) => ({
    name: k.name,
    label: k.label,
    hint: k.hint,
    error: errors[k.name],
    items: dateItems(values[k.name] ?? partsOf(null), errorParts[k.name]),
  }));
}
