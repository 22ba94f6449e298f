/**
 * Whether a database error is a unique constraint refusing a row, on either database: two people doing the
 * same thing at the same moment both pass a "not taken yet" check, and the constraint refuses the second.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
