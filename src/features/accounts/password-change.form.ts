import { rawField, type FieldErrors, type FormResult } from '../../lib/forms.js';
import { MAX_LENGTH, MIN_LENGTH, passwordProblem, samePassword } from './passwords.js';

export type PasswordChangeField = 'currentPassword' | 'newPassword' | 'confirmPassword';

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export const WRONG_CURRENT = 'The current password is wrong';
export const THROTTLED = 'Too many wrong passwords have been entered for your account. Wait 5 minutes, then try again';

/**
 * The current password, and a new one typed twice, checked against the policy and the person's own
 * details. Whether the current password is right is the service's question.
 */
export function parsePasswordChange(
  body: unknown,
  person: { email: string; name: string },
): FormResult<PasswordChange, PasswordChangeField> {
  const values = {
    currentPassword: rawField(body, 'currentPassword'),
    newPassword: rawField(body, 'newPassword'),
    confirmPassword: rawField(body, 'confirmPassword'),
  };
  const errors: FieldErrors<PasswordChangeField> = {};
  if (!values.currentPassword) errors.currentPassword = 'Enter your current password';
  errors.newPassword = values.newPassword ? passwordProblem(values.newPassword, person) : 'Enter your new password';
  if (!errors.newPassword && values.currentPassword && samePassword(values.newPassword, values.currentPassword)) {
    errors.newPassword = 'Your new password must be different from your current password';
  }
  if (!values.confirmPassword) errors.confirmPassword = 'Enter your new password again';
  else if (!errors.newPassword && values.confirmPassword !== values.newPassword) {
    errors.confirmPassword = 'Enter the same new password twice';
  }
  return { values, errors };
}

/** The password rules, as hint text under the new password. */
export const PASSWORD_RULES = `Must be ${MIN_LENGTH} to ${MAX_LENGTH} characters and not a common password. A good way is three random words.`;
