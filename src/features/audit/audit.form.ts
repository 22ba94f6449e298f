import {
  parseDateInput,
  showDateErrors,
  showWholeDateError,
  type DatePart,
  type DateParts,
} from '../../lib/date-input.js';
import { field, type FormResult } from '../../lib/forms.js';
import { ukMidnight } from '../../lib/uk-time.js';
import { addCalendarDays } from '../../lib/working-days.js';

/** The audit log's filters (a GET form), checked GOV.UK-style; dates are days in UK time. */

export type AuditFilterField = 'person' | 'action' | 'from' | 'to';

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
  wrongParts: { from: DatePart[]; to: DatePart[] };
  /** The link target of each error in the summary. */
  errorTargets: Partial<Record<AuditFilterField, string>>;
}

/** The earliest year the filters take. */
const EARLIEST_YEAR = 1900;

/** Reads the filters from the query string; people and actions must be ones offered in the selects. */
export function parseAuditFilter(query: unknown, people: string[], actions: string[]): ParsedAuditFilter {
  const person = field(query, 'person');
  const action = field(query, 'action');
  const pageNumber = Number(field(query, 'page'));
  const from = parseDateInput(query, 'from', 'Date from', { years: { from: EARLIEST_YEAR } });
  const to = parseDateInput(query, 'to', 'Date to', { years: { from: EARLIEST_YEAR } });
  const values: AuditFilterValues = {
    person,
    action,
    from: from.parts,
    to: to.parts,
    page: Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= 100_000 ? pageNumber : 1,
  };
  const result: ParsedAuditFilter = { values, errors: {}, wrongParts: { from: [], to: [] }, errorTargets: {} };
  if (person && !people.includes(person)) result.errors.person = 'Select a person from the list';
  if (action && !actions.includes(action)) result.errors.action = 'Select an action from the list';

  showDateErrors(result, { from, to });
  if (from.iso) result.fromIso = ukMidnight(from.iso).toISOString();
  if (to.iso) result.toIso = ukMidnight(addCalendarDays(to.iso, 1)).toISOString();
  if (result.fromIso && result.toIso && result.toIso <= result.fromIso) {
    showWholeDateError(result, 'to', 'Date to must be the same as or after date from');
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
