import { emailProblem, field, rawField, type FormResult } from '../../lib/forms.js';
import { passwordProblem } from './passwords.js';

export function parseForgottenPassword(body: unknown): FormResult<{ email: string }, 'email'> {
  const email = field(body, 'email');
  return { values: { email }, errors: { email: emailProblem(email) } };
}

export type NewPasswordField = 'password' | 'confirm';

/** A new password typed twice; checked against the policy and the person's email. */
export function parseNewPassword(
  body: unknown,
  email: string,
): FormResult<{ password: string; confirm: string }, NewPasswordField> {
  const values = { password: rawField(body, 'password'), confirm: rawField(body, 'confirm') };
  const errors: FormResult<unknown, NewPasswordField>['errors'] = {};
  errors.password = passwordProblem(values.password, { email });
  if (!values.confirm) errors.confirm = 'Enter the password again';
  else if (!errors.password && values.confirm !== values.password) errors.confirm = 'Enter the same password twice';
  return { values, errors };
}
