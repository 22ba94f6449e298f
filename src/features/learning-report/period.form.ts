/**
 * The extract's period: two GOV.UK date inputs (`from-day`, `from-month`, `from-year` and the same for
 * `to`), or `from` and `to` as YYYY-MM-DD (the download links and scripts use these). With neither, the
 * last complete year from 1 April to 31 March.
 */
import {
  DATE_PARTS,
  partsOf,
  showDateErrors,
  showWholeDateError,
  readDateParts,
  checkDateParts,
  type DatePart,
  type DateParts,
} from '../../lib/date-input.js';
import { field, type FormResult } from '../../lib/forms.js';
import { formatDate } from '../../lib/uk-time.js';
import { addCalendarDays } from '../../lib/working-days.js';

export type PeriodField = 'from' | 'to';

export interface PeriodValues {
  from: DateParts;
  to: DateParts;
}

export interface ParsedPeriod extends FormResult<PeriodValues, PeriodField> {
  /** Both dates, when the period is right. */
  period?: { from: string; to: string };
  wrongParts: Record<PeriodField, DatePart[]>;
  errorTargets: Partial<Record<PeriodField, string>>;
}

/** The longest period an extract covers. */
export const LONGEST_YEARS = 2;

/** The last complete reporting year (1 April to 31 March) before `today`. */
export function lastReportingYear(today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const endYear = today.slice(5) >= '04-01' ? year : year - 1;
  return { from: `${endYear - 1}-04-01`, to: `${endYear}-03-31` };
}

/** The last day of a period of LONGEST_YEARS starting on `from` (29 February's ends on 28 February). */
function lastDayOf(from: string): string {
  const sameDay = `${Number(from.slice(0, 4)) + LONGEST_YEARS}${from.slice(4)}`;
  return addCalendarDays(sameDay.endsWith('-02-29') ? sameDay.replace('-02-29', '-03-01') : sameDay, -1);
}

/** `key` typed in boxes, else given as one ISO date, else the default's. */
function partsFrom(query: unknown, key: PeriodField, fallback: string): DateParts {
  const boxes = readDateParts(query, key);
  if (DATE_PARTS.some((p) => boxes[p])) return boxes;
  const iso = field(query, key);
  if (!iso) return partsOf(fallback);
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(iso);
  return m ? { day: m[3]!, month: m[2]!, year: m[1]! } : { day: iso, month: '', year: '' };
}

export function parsePeriod(query: unknown, today: string): ParsedPeriod {
  const fallback = lastReportingYear(today);
  const from = checkDateParts(partsFrom(query, 'from', fallback.from), 'Start date', {
    required: 'Enter the start date',
    years: { from: 1990, to: 2100 },
  });
  const to = checkDateParts(partsFrom(query, 'to', fallback.to), 'End date', {
    required: 'Enter the end date',
    years: { from: 1990, to: 2100 },
  });
  const result: ParsedPeriod = {
    values: { from: from.parts, to: to.parts },
    errors: {},
    wrongParts: { from: [], to: [] },
    errorTargets: {},
  };
  showDateErrors(result, { from, to });
  if (!from.iso || !to.iso) return result;
  const wrongTo = (message: string) => {
    showWholeDateError(result, 'to', message);
    return result;
  };
  if (to.iso < from.iso) return wrongTo('End date must be the same as or after the start date');
  const latest = lastDayOf(from.iso);
  if (to.iso > latest) {
    return wrongTo(`The period can be at most 2 years: enter an end date on or before ${formatDate(latest)}`);
  }
  result.period = { from: from.iso, to: to.iso };
  return result;
}
