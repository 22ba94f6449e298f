/**
 * The referral register's rules on what is recorded, shared by the pages' forms and the API so both refuse
 * the same things with the same words. Pure: typed input in, messages by field out.
 */
import type { FieldErrors } from '../../lib/forms.js';
import {
  ANSWERS,
  DECISION_CRITERIA,
  LIMITS,
  OUTCOMES_BY_ROUTE,
  REFERRAL_CRITERIA,
  type Answer,
  type Outcome,
  type ReferralRoute,
} from './referrals.options.js';

/** Words that suggest a real name rather than a pseudonym (as the review's form checks). */
export const PSEUDONYM =
  /^(child|adult|baby|young person|sibling|person|mr|ms|mrs)\s+[a-z0-9]{1,3}$|^[a-z]{1,2}[0-9]*$/i;

export interface ReferralInput {
  route: ReferralRoute;
  receivedOn: string;
  awareOn: string | null;
  sourceAgency: string;
  subjectPseudonym: string;
  criteria: Record<string, Answer>;
}

export function checkReferral(input: ReferralInput, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (input.receivedOn > today) errors.receivedOn = 'Date received must be today or in the past';
  if (input.awareOn && input.receivedOn && input.awareOn > input.receivedOn) {
    errors.awareOn = 'Date the local authority became aware must be the same as or before the date received';
  }
  if (!input.sourceAgency) errors.sourceAgency = 'Enter the agency that made the referral or notification';
  else if (input.sourceAgency.length > LIMITS.agency) {
    errors.sourceAgency = `Source agency must be ${LIMITS.agency} characters or fewer`;
  }
  if (!input.subjectPseudonym) errors.subjectPseudonym = 'Enter a pseudonym for the child or adult, like Child A';
  else if (input.subjectPseudonym.length > LIMITS.pseudonym || !PSEUDONYM.test(input.subjectPseudonym)) {
    errors.subjectPseudonym = 'Enter a pseudonym like Child A or Adult B, not a real name';
  }
  for (const c of REFERRAL_CRITERIA[input.route]) {
    if (!ANSWERS.includes(input.criteria[c.key] as Answer))
      errors[`criteria-${c.key}`] = `Select whether: ${lower(c.text)}`;
  }
  return errors;
}

export interface RapidReviewInput {
  safetyActions: string | null;
  meetingOn: string | null;
  submittedOn: string | null;
  panelResponseOn: string | null;
  panelResponse: string | null;
}

export function checkRapidReview(input: RapidReviewInput, receivedOn: string, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (input.safetyActions && input.safetyActions.length > LIMITS.safetyActions) {
    errors.safetyActions = `Immediate safety actions must be ${LIMITS.safetyActions} characters or fewer`;
  }
  const dates = [
    ['meetingOn', 'Date of the rapid review meeting', input.meetingOn],
    ['submittedOn', 'Date sent to the Panel', input.submittedOn],
    ['panelResponseOn', 'Date of the Panel’s response', input.panelResponseOn],
  ] as const;
  for (const [name, label, value] of dates) {
    if (!value) continue;
    if (value > today) errors[name] = `${label} must be today or in the past`;
    else if (value < receivedOn)
      errors[name] = `${label} must be the same as or after the date the notification was received`;
  }
  if (!errors.submittedOn && input.submittedOn && input.meetingOn && input.submittedOn < input.meetingOn) {
    errors.submittedOn = 'Date sent to the Panel must be the same as or after the date of the meeting';
  }
  if (!errors.panelResponseOn && input.panelResponseOn) {
    if (!input.submittedOn) errors.panelResponseOn = 'Enter the date sent to the Panel before the Panel’s response';
    else if (input.panelResponseOn < input.submittedOn) {
      errors.panelResponseOn = 'Date of the Panel’s response must be the same as or after the date sent to the Panel';
    }
  }
  if (input.panelResponse && input.panelResponse.length > LIMITS.panelResponse) {
    errors.panelResponse = `The Panel’s response must be ${LIMITS.panelResponse} characters or fewer`;
  }
  return errors;
}

export interface RequestInput {
  agency: string;
  requestedOn: string;
  workingDays: number;
}

export function checkRequest(input: RequestInput, receivedOn: string, today: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.agency) errors.agency = 'Enter the agency asked for a summary';
  else if (input.agency.length > LIMITS.agency) errors.agency = `Agency must be ${LIMITS.agency} characters or fewer`;
  if (input.requestedOn > today) errors.requestedOn = 'Date requested must be today or in the past';
  else if (input.requestedOn < receivedOn) {
    errors.requestedOn = 'Date requested must be the same as or after the date the notification was received';
  }
  if (!Number.isInteger(input.workingDays) || input.workingDays < 1 || input.workingDays > 60) {
    errors.workingDays = 'Working days to reply must be a whole number from 1 to 60';
  }
  return errors;
}

export interface RequestUpdate {
  chasedOn: string | null;
  receivedOn: string | null;
}

export function checkRequestUpdate(input: RequestUpdate, requestedOn: string, today: string): FieldErrors {
  const errors: FieldErrors = {};
  const dates = [
    ['chasedOn', 'Date chased', input.chasedOn],
    ['receivedOn', 'Date the summary was received', input.receivedOn],
  ] as const;
  for (const [name, label, value] of dates) {
    if (!value) continue;
    if (value > today) errors[name] = `${label} must be today or in the past`;
    else if (value < requestedOn) errors[name] = `${label} must be the same as or after the date requested`;
  }
  return errors;
}

export interface DecisionInput {
  outcome: string;
  reasons: string;
  /** Each criterion ticked, with its reason. */
  criteria: Record<string, string>;
  decidedOn: string;
  decidedByRole: string;
  changeReason: string | null;
}

/** What a decision is checked against: the referral as recorded. */
export interface DecisionContext {
  route: ReferralRoute;
  receivedOn: string;
  awareOn: string | null;
}

export function checkDecision(input: DecisionInput, referral: DecisionContext, today: string): FieldErrors {
  const errors: FieldErrors = {};
  const outcomes = OUTCOMES_BY_ROUTE[referral.route];
  if (!outcomes.includes(input.outcome as Outcome)) errors.outcome = 'Select the decision';
  if (!input.reasons) errors.reasons = 'Enter the reasons for the decision';
  else if (input.reasons.length > LIMITS.reasons)
    errors.reasons = `Reasons must be ${LIMITS.reasons} characters or fewer`;
  const criteria = DECISION_CRITERIA[referral.route];
  for (const key of Object.keys(input.criteria)) {
    const c = criteria.find((x) => x.key === key);
    if (!c) {
      errors.criteria = `There is no criterion ${key} for this kind of referral`;
      continue;
    }
    const reason = input.criteria[key]!;
    if (!reason) errors[`reason-${key}`] = `Enter the reason for: ${lower(c.text)}`;
    else if (reason.length > LIMITS.criterionReason) {
      errors[`reason-${key}`] = `Each reason must be ${LIMITS.criterionReason} characters or fewer`;
    }
  }
  const ticked = Object.keys(input.criteria).length;
  if (!errors.criteria && input.outcome === 'lcspr' && ticked === 0) {
    errors.criteria = 'Select the regulation 11 criteria the case meets, with a reason for each';
  }
  if (!errors.criteria && input.outcome === 'sar-mandatory' && ticked < criteria.length) {
    errors.criteria =
      'A mandatory review needs every section 44 condition met: select each, with a reason, or choose a discretionary review';
  }
  if (input.decidedOn > today) errors.decidedOn = 'Date of the decision must be today or in the past';
  else if (input.decidedOn < referral.receivedOn) {
    errors.decidedOn = 'Date of the decision must be the same as or after the date the referral was received';
  }
  if (!input.decidedByRole) errors.decidedByRole = 'Enter who made the decision, by role';
  else if (input.decidedByRole.length > LIMITS.decidedByRole) {
    errors.decidedByRole = `Who decided must be ${LIMITS.decidedByRole} characters or fewer`;
  }
  if (input.changeReason && input.changeReason.length > LIMITS.changeReason) {
    errors.changeReason = `The reason for the change must be ${LIMITS.changeReason} characters or fewer`;
  }
  return errors;
}

const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
