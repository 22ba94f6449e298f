/**
 * An extension or a pause against one clock: read from the dates page's form (GOV.UK date inputs) or from
 * the API's JSON (ISO dates), then checked by the same rules, with GOV.UK-style messages either way.
 */
import type { ReviewType } from '../../../db/schema.js';
import {
  checkDateParts,
  DATE_PARTS,
  dateErrorId,
  partsOf,
  readDateParts,
  type DatePart,
  type DateParts,
} from '../../../lib/date-input.js';
import { field, type FieldErrors } from '../../../lib/forms.js';
import { isIsoDate } from '../../../lib/working-days.js';
import { CLOCKS } from './table.js';

export const AGREED_BY_MAX = 100;
export const REASON_MAX = 1000;
const DATES = ['newDue', 'agreedOn', 'pausedFrom', 'pausedTo'] as const;
type DateName = (typeof DATES)[number];

const LABELS: Record<DateName, string> = {
  newDue: 'New due date',
  agreedOn: 'Date agreed',
  pausedFrom: 'Date the pause started',
  pausedTo: 'Date the pause ended',
};

export interface ChangeInput {
  clockKey: string;
  kind: 'extension' | 'pause';
  newDueDate: string | null;
  agreedBy: string | null;
  agreedOn: string | null;
  pausedFrom: string | null;
  pausedTo: string | null;
  reason: string;
}

export interface ChangeForm {
  /** As typed: text fields, and each date's boxes */
  values: { clock: string; kind: string; agreedBy: string; reason: string } & Record<DateName, DateParts>;
  errors: FieldErrors;
  errorParts: Record<string, DatePart[]>;
  input: ChangeInput;
}

/** The clocks of the type that have a deadline to extend or pause. */
export const changeableClocks = (type: ReviewType) => CLOCKS[type].steps.filter((s) => s.due.kind !== 'none');

type DateReader = (
  name: DateName,
  rules: { required?: string; notAfter?: string },
) => {
  parts: DateParts;
  iso: string | null;
  error?: string;
  errorParts: DatePart[];
};

function check(body: unknown, type: ReviewType, today: string, readDate: DateReader): ChangeForm {
  const clock = field(body, 'clock');
  const kind = field(body, 'kind');
  const agreedBy = field(body, 'agreedBy');
  const reason = field(body, 'reason');
  const errors: FieldErrors = {};
  const errorParts: Record<string, DatePart[]> = {};
  if (!changeableClocks(type).some((s) => s.key === clock)) errors.clock = 'Select the clock it applies to';
  if (kind !== 'extension' && kind !== 'pause') errors.kind = 'Select whether it is an extension or a pause';
  const dates = {} as Record<DateName, ReturnType<DateReader>>;
  const wanted: Record<DateName, boolean> = {
    newDue: kind === 'extension',
    agreedOn: kind === 'extension',
    pausedFrom: kind === 'pause',
    pausedTo: kind === 'pause',
  };
  for (const name of DATES) {
    const required = wanted[name] && name !== 'pausedTo' ? `Enter the ${LABELS[name].toLowerCase()}` : undefined;
    const notAfter = name === 'agreedOn' || name === 'pausedTo' ? today : undefined;
    dates[name] = wanted[name]
      ? readDate(name, { required, notAfter })
      : { parts: partsOf(null), iso: null, errorParts: [] };
    if (dates[name].error) {
      errors[name] = dates[name].error;
      errorParts[name] = dates[name].errorParts;
    }
  }
  if (kind === 'extension') {
    if (!agreedBy) errors.agreedBy = 'Enter who agreed the extension, for example the Panel or the board';
    else if (agreedBy.length > AGREED_BY_MAX)
      errors.agreedBy = `Who agreed must be ${AGREED_BY_MAX} characters or fewer`;
  }
  const from = dates.pausedFrom.iso;
  const to = dates.pausedTo.iso;
  if (from && to && to < from && !errors.pausedTo) {
    errors.pausedTo = 'Date the pause ended must be the same as or after the date it started';
    errorParts.pausedTo = [...DATE_PARTS];
  }
  if (!reason) errors.reason = kind === 'pause' ? 'Enter why the clock is paused' : 'Enter the reason';
  else if (reason.length > REASON_MAX) errors.reason = `Reason must be ${REASON_MAX} characters or fewer`;

  const order = ['clock', 'kind', 'newDue', 'agreedBy', 'agreedOn', 'pausedFrom', 'pausedTo', 'reason'];
  const ordered: FieldErrors = {};
  for (const k of order) if (errors[k]) ordered[k] = errors[k];
  const isExtension = kind === 'extension';
  return {
    values: {
      clock,
      kind,
      agreedBy,
      reason,
      ...(Object.fromEntries(DATES.map((n) => [n, dates[n].parts])) as Record<DateName, DateParts>),
    },
    errors: ordered,
    errorParts,
    input: {
      clockKey: clock,
      kind: isExtension ? 'extension' : 'pause',
      newDueDate: isExtension ? dates.newDue.iso : null,
      agreedBy: isExtension ? agreedBy : null,
      agreedOn: isExtension ? dates.agreedOn.iso : null,
      pausedFrom: isExtension ? null : from,
      pausedTo: isExtension ? null : to,
      reason,
    },
  };
}

/** The dates page's form: each date typed in day, month and year boxes. */
export function parseChangeForm(body: unknown, type: ReviewType, today: string): ChangeForm {
  return check(body, type, today, (name, rules) => checkDateParts(readDateParts(body, name), LABELS[name], rules));
}

const API_DATE: Record<DateName, string> = {
  newDue: 'newDueDate',
  agreedOn: 'agreedOn',
  pausedFrom: 'pausedFrom',
  pausedTo: 'pausedTo',
};

/** The API's JSON: dates as YYYY-MM-DD. Messages name the JSON fields. */
export function parseChangeJson(body: unknown, type: ReviewType, today: string): ChangeForm {
  return check(body, type, today, (name, rules) => {
    const text = field(body, API_DATE[name]);
    if (!text)
      return rules.required ? { ...wrongDate(rules.required) } : { parts: partsOf(null), iso: null, errorParts: [] };
    if (!isIsoDate(text)) return wrongDate(`${LABELS[name]} must be a real date written YYYY-MM-DD`);
    if (rules.notAfter && text > rules.notAfter) return wrongDate(`${LABELS[name]} must be today or in the past`);
    return { parts: partsOf(text), iso: text, errorParts: [] };
  });
}

const wrongDate = (error: string) => ({ parts: partsOf(null), iso: null, error, errorParts: [...DATE_PARTS] });

/** The id each error in the summary links to. */
export function changeErrorIds(form: ChangeForm): Record<string, string> {
  const ids: Record<string, string> = { kind: 'kind', clock: 'clock', agreedBy: 'agreedBy', reason: 'reason' };
  for (const name of DATES) if (form.errorParts[name]) ids[name] = dateErrorId(name, form.errorParts[name]);
  return ids;
}
