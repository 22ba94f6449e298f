import type { Role } from '../../db/schema.js';
import { emailProblem, field, type FormResult } from '../../lib/forms.js';

const ROLES: readonly Role[] = ['admin', 'member', 'viewer'];
const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export type InviteField = 'name' | 'email' | 'role';

export function parseInvite(body: unknown): FormResult<{ name: string; email: string; role: Role | '' }, InviteField> {
  const name = field(body, 'name');
  const email = field(body, 'email');
  const role = field(body, 'role');
  const errors: FormResult<unknown, InviteField>['errors'] = {};
  if (!name) errors.name = 'Enter their full name';
  else if (name.length > 120) errors.name = 'Name must be 120 characters or fewer';
  errors.email = emailProblem(email);
  if (!isRole(role)) errors.role = 'Select a role';
  return { values: { name, email, role: isRole(role) ? role : '' }, errors };
}

export function parseRole(body: unknown): FormResult<{ role: Role | '' }, 'role'> {
  const role = field(body, 'role');
  return isRole(role) ? { values: { role }, errors: {} } : { values: { role: '' }, errors: { role: 'Select a role' } };
}
