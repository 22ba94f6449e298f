import { field, type FormResult } from '../../lib/forms.js';

export type SettingsField = 'name' | 'requireTwoFactor';

export interface SettingsValues {
  name: string;
  requireTwoFactor: 'yes' | 'no' | '';
}

export function parseSettings(body: unknown): FormResult<SettingsValues, SettingsField> {
  const name = field(body, 'name');
  const requireTwoFactor = field(body, 'requireTwoFactor');
  const errors: FormResult<unknown, SettingsField>['errors'] = {};
  if (!name) errors.name = 'Enter the name of the partnership';
  else if (name.length > 120) errors.name = 'Partnership name must be 120 characters or fewer';
  const choice = requireTwoFactor === 'yes' || requireTwoFactor === 'no' ? requireTwoFactor : '';
  if (!choice) errors.requireTwoFactor = 'Select yes if everyone must use two-factor authentication';
  return { values: { name, requireTwoFactor: choice }, errors };
}
