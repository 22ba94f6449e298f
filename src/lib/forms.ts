/** Shared form plumbing: GOV.UK-style errors keyed by field, and the error summary list. */

export type FieldErrors<K extends string = string> = Partial<Record<K, string>>;

export interface FormResult<V, K extends string = string> {
  values: V;
  errors: FieldErrors<K>;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some(Boolean);
}

/** The error summary's list, in field order, each linking to its field. */
export function errorList(errors: FieldErrors, ids: Record<string, string> = {}) {
  return Object.entries(errors)
    .filter((e): e is [string, string] => Boolean(e[1]))
    .map(([field, text]) => ({ text, href: `#${ids[field] ?? field}` }));
}

/** A form field's value, or its first value when the field was sent more than once. */
export function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? (value as unknown[])[0] : value;
}

/** A trimmed string from a parsed form body, '' when absent or not a string. */
export function field(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const first = firstValue((body as Record<string, unknown>)[name]);
  return typeof first === 'string' ? first.trim() : '';
}

/** Like field() but keeps spaces: passwords are taken exactly as typed. */
export function rawField(body: unknown, name: string): string {
  if (!body || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(email: string): string | undefined {
  if (!email) return 'Enter an email address';
  if (email.length > 254 || !EMAIL.test(email))
    return 'Enter an email address in the correct format, like name@example.com';
  return undefined;
}
