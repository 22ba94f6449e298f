import { emailProblem, field, rawField, type FormResult } from '../../lib/forms.js';

export type SignInField = 'email' | 'password';

export function parseSignIn(body: unknown): FormResult<{ email: string; password: string }, SignInField> {
  const email = field(body, 'email');
  const password = rawField(body, 'password');
  const errors: FormResult<unknown, SignInField>['errors'] = {};
  if (!email) errors.email = 'Enter your email address';
  else if (emailProblem(email)) errors.email = 'Enter an email address in the correct format, like name@example.com';
  if (!password) errors.password = 'Enter your password';
  return { values: { email, password }, errors };
}

export function parsePartnershipChoice(
  body: unknown,
  slugs: string[],
): FormResult<{ partnership: string }, 'partnership'> {
  const partnership = field(body, 'partnership');
  return {
    values: { partnership },
    errors: slugs.includes(partnership) ? {} : { partnership: 'Select the partnership you want to work in' },
  };
}
