/** The decision form: the outcome, its reasons, each criterion ticked with its reason, who and when. */
import { dateItems, parseDateInput, dateErrorId, partsOf } from '../../lib/date-input.js';
import { field, type FieldErrors } from '../../lib/forms.js';
import { DECISION_CRITERIA, OUTCOME_LABELS, OUTCOMES_BY_ROUTE, type ReferralRoute } from './referrals.options.js';
import type { DecisionInput } from './referrals.rules.js';
import type { Parsed } from './referrals.form.js';

/** The ticked boxes of a checkbox group, however many were sent. */
function ticked(body: unknown, name: string): string[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

export function parseDecision(body: unknown, route: ReferralRoute): Parsed<DecisionInput> {
  const decided = parseDateInput(body, 'decidedOn', 'Date of the decision', {
    required: 'Enter the date of the decision',
    years: { from: 1990 },
  });
  const criteria: Record<string, string> = {};
  const keys = DECISION_CRITERIA[route].map((c) => c.key);
  for (const key of ticked(body, 'criteria')) if (keys.includes(key)) criteria[key] = field(body, `reason-${key}`);
  const reasonsTyped = Object.fromEntries(keys.map((k) => [k, field(body, `reason-${k}`)]));
  const values = {
    outcome: field(body, 'outcome'),
    reasons: field(body, 'reasons'),
    decidedByRole: field(body, 'decidedByRole'),
    changeReason: field(body, 'changeReason'),
    decidedOn: dateItems(decided.parts, decided.errorParts),
    criteria: Object.keys(criteria),
    criterionReasons: reasonsTyped,
  };
  const errors: FieldErrors = {};
  const ids: Record<string, string> = { outcome: `outcome-${values.outcome || OUTCOMES_BY_ROUTE[route][0]}` };
  if (decided.error) {
    errors.decidedOn = decided.error;
    ids.decidedOn = dateErrorId('decidedOn', decided.errorParts);
  }
  const input = {
    outcome: values.outcome,
    reasons: values.reasons,
    criteria,
    decidedOn: decided.iso ?? '',
    decidedByRole: values.decidedByRole,
    changeReason: values.changeReason || null,
  };
  return { input, values, errors, ids };
}

/** The form filled from the decision saved, if any. */
export function decisionValues(r: {
  outcome: string | null;
  reasons: string | null;
  decided_by_role: string | null;
  decided_on: string | null;
  decision_criteria: string | null;
}) {
  const criteria = r.decision_criteria ? (JSON.parse(r.decision_criteria) as Record<string, string>) : {};
  return {
    outcome: r.outcome ?? '',
    reasons: r.reasons ?? '',
    decidedByRole: r.decided_by_role ?? '',
    changeReason: '',
    decidedOn: dateItems(partsOf(r.decided_on)),
    criteria: Object.keys(criteria),
    criterionReasons: criteria,
  };
}

/** The outcome radios and criteria checkboxes for the referral's route. */
export function decisionChoices(route: ReferralRoute) {
  return {
    outcomes: OUTCOMES_BY_ROUTE[route].map((o) => ({ value: o, text: OUTCOME_LABELS[o] })),
    criteria: DECISION_CRITERIA[route],
  };
}
