/** The register's forms: what was typed, kept as typed, and GOV.UK messages by field. */
import { dateErrorId, dateItems, parseDateInput, partsOf, type DateInputResult } from '../../lib/date-input.js';
import { field, type FieldErrors } from '../../lib/forms.js';
import {
  ANSWER_LABELS,
  ANSWERS,
  NOTICES,
  REFERRAL_CRITERIA,
  ROUTES,
  type Answer,
  type ReferralRoute,
} from './referrals.options.js';
import type { RapidReviewInput, ReferralInput, RequestInput, RequestUpdate } from './referrals.rules.js';

const YEARS = { from: 1990 };

/** A form's dates and text as typed, its errors, and the id each error links to. */
export interface Parsed<T> {
  /** What the rules check; a date not entered or not real is '' (its error is already in `errors`). */
  input: T;
  values: Record<string, unknown>;
  errors: FieldErrors;
  ids: Record<string, string>;
}

/** Reads date inputs: their parts for the page, their errors and where each error links. */
class Dates {
  values: Record<string, unknown> = {};
  errors: FieldErrors = {};
  ids: Record<string, string> = {};
  constructor(private body: unknown) {}
  read(name: string, label: string, required?: string): string | null {
    const result: DateInputResult = parseDateInput(this.body, name, label, { required, years: YEARS });
    this.values[name] = dateItems(result.parts, result.errorParts);
    if (result.error) {
      this.errors[name] = result.error;
      this.ids[name] = dateErrorId(name, result.errorParts);
    }
    return result.iso;
  }
}

export const isRoute = (value: string): value is ReferralRoute => (ROUTES as readonly string[]).includes(value);

export function parseReferral(body: unknown, route: ReferralRoute): Parsed<ReferralInput> {
  const dates = new Dates(body);
  const receivedOn = dates.read(
    'receivedOn',
    'Date received',
    'Enter the date the referral or notification was received',
  );
  const awareOn =
    route === 'serious-incident-notification' ? dates.read('awareOn', 'Date the local authority became aware') : null;
  const criteria: Record<string, Answer> = {};
  for (const c of REFERRAL_CRITERIA[route]) criteria[c.key] = field(body, `criteria-${c.key}`) as Answer;
  const values = {
    ...dates.values,
    sourceAgency: field(body, 'sourceAgency'),
    subjectPseudonym: field(body, 'subjectPseudonym'),
    criteria,
  };
  const input = {
    route,
    receivedOn: receivedOn ?? '',
    awareOn,
    sourceAgency: values.sourceAgency,
    subjectPseudonym: values.subjectPseudonym,
    criteria,
  };
  return { input, values, errors: dates.errors, ids: dates.ids };
}

/** The referral form's criteria radios, each with its answer. */
export function criteriaItems(route: ReferralRoute, answers: Record<string, string>, errors: FieldErrors) {
  return REFERRAL_CRITERIA[route].map((c) => ({
    name: `criteria-${c.key}`,
    text: c.text,
    error: errors[`criteria-${c.key}`],
    items: ANSWERS.map((a) => ({ value: a, text: ANSWER_LABELS[a], checked: answers[c.key] === a })),
  }));
}

export function parseRapidReview(body: unknown): Parsed<RapidReviewInput> {
  const dates = new Dates(body);
  const meetingOn = dates.read('meetingOn', 'Date of the rapid review meeting');
  const submittedOn = dates.read('submittedOn', 'Date sent to the Panel');
  const panelResponseOn = dates.read('panelResponseOn', 'Date of the Panel’s response');
  const values = {
    ...dates.values,
    safetyActions: field(body, 'safetyActions'),
    panelResponse: field(body, 'panelResponse'),
  };
  return {
    input: {
      safetyActions: values.safetyActions || null,
      meetingOn,
      submittedOn,
      panelResponseOn,
      panelResponse: values.panelResponse || null,
    },
    values,
    errors: dates.errors,
    ids: dates.ids,
  };
}

/** The rapid review form filled from what is saved. */
export function rapidReviewValues(r: {
  safety_actions: string | null;
  meeting_on: string | null;
  submitted_on: string | null;
  panel_response_on: string | null;
  panel_response: string | null;
}) {
  return {
    safetyActions: r.safety_actions ?? '',
    panelResponse: r.panel_response ?? '',
    meetingOn: dateItems(partsOf(r.meeting_on)),
    submittedOn: dateItems(partsOf(r.submitted_on)),
    panelResponseOn: dateItems(partsOf(r.panel_response_on)),
  };
}

export function parseRequest(body: unknown): Parsed<RequestInput> {
  const dates = new Dates(body);
  const requestedOn = dates.read('requestedOn', 'Date requested', 'Enter the date the summary was requested');
  const workingDaysText = field(body, 'workingDays');
  const values = { ...dates.values, agency: field(body, 'agency'), workingDays: workingDaysText };
  const errors = { ...dates.errors };
  const workingDays = /^\d{1,3}$/.test(workingDaysText) ? Number(workingDaysText) : NaN;
  if (!workingDaysText) errors.workingDays = 'Enter how many working days the agency has to reply';
  const input = { agency: values.agency, requestedOn: requestedOn ?? '', workingDays };
  return { input, values, errors, ids: dates.ids };
}

/** The chased and received dates of one agency request: its own small form, fields prefixed by its id. */
export function parseRequestUpdate(body: unknown): Parsed<RequestUpdate> {
  const dates = new Dates(body);
  const chasedOn = dates.read('chasedOn', 'Date chased');
  const receivedOn = dates.read('receivedOn', 'Date the summary was received');
  return { input: { chasedOn, receivedOn }, values: dates.values, errors: dates.errors, ids: dates.ids };
}

export function parseNotices(body: unknown): Parsed<Record<(typeof NOTICES)[number]['key'], string | null>> {
  const dates = new Dates(body);
  const input = Object.fromEntries(NOTICES.map((n) => [n.key, dates.read(n.key, `Date of “${n.text}”`)])) as Record<
    (typeof NOTICES)[number]['key'],
    string | null
  >;
  return { input, values: dates.values, errors: dates.errors, ids: dates.ids };
}
