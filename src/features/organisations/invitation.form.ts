import { field, rawField, type FormResult } from '../../lib/forms.js';
import { passwordProblem } from '../accounts/accounts.service.js';

export type AcceptanceField = 'name' | 'password';

/** Name and new password of someone accepting an invitation without an account yet. */
export function parseAcceptance(
  body: unknown,
  email: string,
): FormResult<{ name: string; password: string }, AcceptanceField> {
  const values = { name: field(body, 'name'), password: rawField(body, 'password') };
  const errors: FormResult<unknown, AcceptanceField>['errors'] = {};
  if (!values.name) errors.name = 'Enter your full name';
  else if (values.name.length > 120) errors.name = 'Name must be 120 characters or fewer';
  errors.password = passwordProblem(values.password, { email, name: values.name });
  return { values, errors };
}
