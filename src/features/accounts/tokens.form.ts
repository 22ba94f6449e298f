import { field, type FormResult } from '../../lib/forms.js';
import { formatDateTime24, longDate } from '../../lib/uk-time.js';
import type { AuthContext, Scope } from '../../plugins/auth.js';

export type TokenField = 'name' | 'scopes' | 'expiry';

export const EXPIRY_CHOICES = [
  { value: '30', text: '30 days' },
  { value: '90', text: '90 days' },
  { value: '365', text: '1 year (365 days)' },
  { value: 'never', text: 'No expiry' },
] as const;

export const NAME_MAX = 100;

export interface NewTokenValues {
  name: string;
  /** What was ticked, kept for re-display. */
  scopes: string[];
  expiry: string;
}

function ticked(body: unknown, name: string): string[] {
  if (!body || typeof body !== 'object') return [];
  const value = (body as Record<string, unknown>)[name];
  return [value].flat().filter((v): v is string => typeof v === 'string');
}

/** The new-token form. Write implies read; viewers may only have read. */
export function parseNewToken(body: unknown, role: AuthContext['role']): FormResult<NewTokenValues, TokenField> {
  const name = field(body, 'name');
  const scopes = ticked(body, 'scopes').filter((s) => s === 'read' || s === 'write');
  const expiry = field(body, 'expiry');
  const errors: FormResult<unknown, TokenField>['errors'] = {};
  if (!name) errors.name = 'Enter a name for the token';
  else if (name.length > NAME_MAX) errors.name = `Token name must be ${NAME_MAX} characters or fewer`;
  if (!scopes.length) errors.scopes = 'Select what the token can do';
  else if (scopes.includes('write') && role === 'viewer') errors.scopes = 'Viewers can only create read-only tokens';
  if (!EXPIRY_CHOICES.some((c) => c.value === expiry)) errors.expiry = 'Select when the token expires';
  return { values: { name, scopes, expiry }, errors };
}

export function scopesOf(values: NewTokenValues): Scope[] {
  return values.scopes.includes('write') ? ['read', 'write'] : ['read'];
}

export function expiryDate(expiry: string, now: Date): Date | null {
  const days = Number(expiry);
  return Number.isInteger(days) && days > 0 ? new Date(now.getTime() + days * 86_400_000) : null;
}

export interface TokenRecord {
  id: string;
  name: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type TokenStatus = 'Active' | 'Expired' | 'Revoked';

/** The rows of the tokens table, ready to show. */
export function tokenRows(tokens: TokenRecord[], now: Date) {
  return tokens.map((t) => {
    const status: TokenStatus = t.revoked_at
      ? 'Revoked'
      : t.expires_at && new Date(t.expires_at) <= now
        ? 'Expired'
        : 'Active';
    return {
      id: t.id,
      name: t.name,
      scopes: t.scopes.split(',').includes('write') ? 'Read and write' : 'Read only',
      created: longDate(t.created_at),
      expires: t.expires_at ? longDate(t.expires_at) : 'Never',
      lastUsed: t.last_used_at ? formatDateTime24(t.last_used_at) : 'Not used yet',
      status,
      statusColour: status === 'Active' ? 'green' : status === 'Expired' ? 'yellow' : 'grey',
    };
  });
}
