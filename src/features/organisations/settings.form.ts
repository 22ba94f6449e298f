import { field, type FormResult } from '../../lib/forms.js';

export type SettingsField = 'name' | 'requireTwoFactor' | 'sarTargetMonths';

export interface SettingsValues {
  name: string;
  requireTwoFactor: 'yes' | 'no' | '';
  /** The board's target for completing a safeguarding adult review, in whole months, as typed */
  sarTargetMonths: string;
}

/** The longest SAR completion target a board may set, in months. */
export const MAX_SAR_TARGET_MONTHS = 36;

export function parseSettings(body: unknown): FormResult<SettingsValues, SettingsField> {
  const name = field(body, 'name');
  const requireTwoFactor = field(body, 'requireTwoFactor');
  const errors: FormResult<unknown, SettingsField>['errors'] = {};
  if (!name) errors.name = 'Enter the name of the partnership';
  else if (name.length > 120) errors.name = 'Partnership name must be 120 characters or fewer';
  const choice = requireTwoFactor === 'yes' || requireTwoFactor === 'no' ? requireTwoFactor : '';
  if (!choice) errors.requireTwoFactor = 'Select yes if everyone must use two-factor authentication';
  // Absent (an API-style post of the other settings only) leaves the target as it is; empty is an error.
  const sent = typeof body === 'object' && body !== null && 'sarTargetMonths' in body;
  const sarTargetMonths = field(body, 'sarTargetMonths');
  const target = 'Target for completing a safeguarding adult review';
  if (sent && !sarTargetMonths) errors.sarTargetMonths = 'Enter the target for completing a safeguarding adult review';
  else if (sent && !/^\d+$/.test(sarTargetMonths)) {
    errors.sarTargetMonths = `${target} must be a whole number of months`;
  } else if (sent && (Number(sarTargetMonths) < 1 || Number(sarTargetMonths) > MAX_SAR_TARGET_MONTHS)) {
    errors.sarTargetMonths = `${target} must be between 1 and ${MAX_SAR_TARGET_MONTHS} months`;
  }
  return { values: { name, requireTwoFactor: choice, sarTargetMonths }, errors };
}
