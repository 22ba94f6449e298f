/** A GOV.UK date input (day, month, year), checked the GOV.UK way. Pure. */
import { field } from '../../lib/forms.js';
import { isIsoDate } from '../../lib/working-days.js';

export type DatePart = 'day' | 'month' | 'year';
export type DateParts = Record<DatePart, string>;
const PARTS: DatePart[] = ['day', 'month', 'year'];

export interface DateInputResult {
  parts: DateParts;
  /** YYYY-MM-DD, or null when empty or wrong */
  iso: string | null;
  error?: string;
  /** Which inputs to mark as wrong */
  errorParts: DatePart[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number) => String(n).padStart(2, '0');

function monthNumber(text: string): number {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const i = MONTHS.indexOf(text.toLowerCase().slice(0, 3));
  return i >= 0 && text.length >= 3 ? i + 1 : NaN;
}

export function parseDateInput(
  source: unknown,
  name: string,
  label: string,
  opts: { required: boolean; missing: string },
): DateInputResult {
  const parts = Object.fromEntries(PARTS.map((p) => [p, field(source, `${name}-${p}`)])) as DateParts;
  const empty = PARTS.filter((p) => !parts[p]);
  const wrong = (error: string, errorParts: DatePart[] = PARTS) => ({ parts, iso: null, error, errorParts });
  if (empty.length === 3) return opts.required ? wrong(opts.missing) : { parts, iso: null, errorParts: [] };
  if (empty.length) return wrong(`${label} must include a ${empty.join(' and ')}`, empty);
  if (!/^\d{4}$/.test(parts.year)) return wrong(`${label} must include a year with 4 numbers, like 2027`, ['year']);
  const day = /^\d{1,2}$/.test(parts.day) ? Number(parts.day) : NaN;
  const month = monthNumber(parts.month);
  const iso = `${parts.year}-${pad(month)}-${pad(day)}`;
  if (Number.isNaN(day) || Number.isNaN(month) || !isIsoDate(iso)) return wrong(`${label} must be a real date`);
  if (iso < '1990-01-01' || iso > '2100-12-31') return wrong(`${label} must be between 1990 and 2100`, ['year']);
  return { parts, iso, errorParts: [] };
}

/** The inputs filled from a saved date (day and month without leading zeros). */
export function partsOf(iso: string | null): DateParts {
  const [year, month, day] = iso ? iso.split('-') : ['', '', ''];
  return { day: day ? String(Number(day)) : '', month: month ? String(Number(month)) : '', year: year ?? '' };
}

/** The items govukDateInput takes. */
export function dateItems(parts: DateParts, errorParts: DatePart[] = []) {
  return PARTS.map((p) => ({
    name: p,
    classes: `${p === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2'}${errorParts.includes(p) ? ' govuk-input--error' : ''}`,
    value: parts[p],
  }));
}
