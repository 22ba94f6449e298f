/**
 * Record versions (optimistic concurrency): whole numbers stored in an integer column, which on
 * PostgreSQL holds at most 2^31 − 1. A version outside that range names no version of any record.
 */
export const MAX_VERSION = 2_147_483_647;

/** A whole number a version column can hold: 0 (a record not yet saved) up to MAX_VERSION. */
export function isStorableVersion(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_VERSION;
}

/** The version a form's hidden field named, or -1 (never a record's version, so a conflict) when it names none. */
export function versionFrom(text: string): number {
  const version = Number(text);
  return isStorableVersion(version) ? version : -1;
}
