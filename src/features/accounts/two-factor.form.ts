import { field, type FormResult } from '../../lib/forms.js';

export const CODE_MISSING = 'Enter the 6-digit code from your authenticator app';
export const CODE_WRONG = 'The code is not correct: check your app and try again';
export const CODE_NOT_SIX_DIGITS = 'The code must be 6 digits, like 123456';
export const RECOVERY_CODE_MISSING = 'Enter one of your recovery codes';
export const RECOVERY_CODE_WRONG = 'The recovery code is not correct or has been used already';
export const THROTTLED = 'Too many failed attempts to sign in with this email address. Wait 5 minutes, then try again';

const MAX_LENGTH = 64;

/**
 * Pages that take a current code show a numeric field for the app's code, or (`method=recovery-code`)
 * a text field for a recovery code. Either field is named `code` and the service accepts either kind.
 */
export function usesRecoveryCode(source: unknown): boolean {
  return field(source, 'method') === 'recovery-code';
}

/** A 6-digit code from an authenticator app (spaces allowed), for setting two-factor up. */
export function parseAppCode(body: unknown): FormResult<{ code: string }, 'code'> {
  const code = field(body, 'code').slice(0, MAX_LENGTH);
  if (!code) return { values: { code }, errors: { code: CODE_MISSING } };
  if (!/^\d{6}$/.test(code.replace(/\s/g, ''))) return { values: { code }, errors: { code: CODE_NOT_SIX_DIGITS } };
  return { values: { code }, errors: {} };
}

/** A code from the app or a recovery code: the service tells which, and whether it is right. */
export function parseAnyCode(body: unknown): FormResult<{ code: string; recovery: boolean }, 'code'> {
  const code = field(body, 'code').slice(0, MAX_LENGTH);
  const recovery = usesRecoveryCode(body);
  return { values: { code, recovery }, errors: code ? {} : { code: recovery ? RECOVERY_CODE_MISSING : CODE_MISSING } };
}

/** The message for a code that is wrong (or already used). */
export const wrongCodeMessage = (recovery: boolean) => (recovery ? RECOVERY_CODE_WRONG : CODE_WRONG);
