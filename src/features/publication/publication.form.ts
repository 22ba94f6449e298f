/** The publication form and the briefing form: GOV.UK date inputs, radios and selects, kept as typed. */
import type { PublicationDecision } from '../../db/schema.js';
import {
  dateErrorId,
  dateItems,
  parseDateInput,
  partsOf,
  type DatePart,
  type DateParts,
} from '../../lib/date-input.js';
import { field, type FieldErrors } from '../../lib/forms.js';
import { PUBLICATION_DATES, type EventInput, type PublicationInput } from './publication.rules.js';

export interface PublicationValues {
  decision: string;
  decisionReasons: string;
  decidedBy: string;
  legalCheckBy: string;
  publishedUrl: string;
  dates: Record<string, DateParts>;
}

export interface PublicationForm {
  values: PublicationValues;
  errors: FieldErrors;
  errorParts: Record<string, DatePart[]>;
  input: PublicationInput;
}

/** Reads the form; the dates are checked as real dates here, everything else by the rules. */
export function parsePublication(body: unknown): PublicationForm {
  const values: PublicationValues = {
    decision: field(body, 'decision'),
    decisionReasons: field(body, 'decisionReasons'),
    decidedBy: field(body, 'decidedBy'),
    legalCheckBy: field(body, 'legalCheckBy'),
    publishedUrl: field(body, 'publishedUrl'),
    dates: {},
  };
  const errors: FieldErrors = {};
  const errorParts: Record<string, DatePart[]> = {};
  const input: PublicationInput = {
    decision: (values.decision || null) as PublicationDecision | null,
    decisionReasons: values.decisionReasons,
    decidedBy: values.decidedBy || null,
    legalCheckBy: values.legalCheckBy || null,
    publishedUrl: values.publishedUrl || null,
    decidedOn: null,
    legalCheckOn: null,
    familyToldOn: null,
    copiesSentOn: null,
    embargoUntil: null,
    publishedOn: null,
    onlineUntil: null,
    depositedOn: null,
  };
  for (const { field: name, label } of PUBLICATION_DATES) {
    const date = parseDateInput(body, name, label);
    values.dates[name] = date.parts;
    input[name] = date.iso;
    if (date.error) {
      errors[name] = date.error;
      errorParts[name] = date.errorParts;
    }
  }
  return { values, errors, errorParts, input };
}

/** The form filled from a saved record. */
export function valuesOf(r: PublicationInput): PublicationValues {
  return {
    decision: r.decision ?? '',
    decisionReasons: r.decisionReasons,
    decidedBy: r.decidedBy ?? '',
    legalCheckBy: r.legalCheckBy ?? '',
    publishedUrl: r.publishedUrl ?? '',
    dates: Object.fromEntries(PUBLICATION_DATES.map((d) => [d.field, partsOf(r[d.field])])),
  };
}

/** Where each error in the summary links: a date's first wrong box, a radio's first item, or the field. */
export function errorIds(errors: FieldErrors, errorParts: Record<string, DatePart[]>): Record<string, string> {
  const ids: Record<string, string> = { decision: 'decision' };
  for (const d of PUBLICATION_DATES) ids[d.field] = dateErrorId(d.field, errorParts[d.field] ?? []);
  for (const key of Object.keys(errors)) ids[key] ??= key;
  return ids;
}

/** The date inputs as the template's govukDateInput takes them. */
export function dateInputsOf(values: PublicationValues, errorParts: Record<string, DatePart[]>) {
  return Object.fromEntries(
    PUBLICATION_DATES.map((d) => [d.field, dateItems(values.dates[d.field] ?? partsOf(null), errorParts[d.field])]),
  );
}

export interface EventForm {
  values: { description: string; heldOn: DateParts };
  errors: FieldErrors;
  errorParts: DatePart[];
  input: EventInput;
}

export function parseEvent(body: unknown): EventForm {
  const date = parseDateInput(body, 'heldOn', 'Date of the event');
  const description = field(body, 'description');
  return {
    values: { description, heldOn: date.parts },
    errors: date.error ? { heldOn: date.error } : {},
    errorParts: date.errorParts,
    input: { heldOn: date.iso, description },
  };
}
