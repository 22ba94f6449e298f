/**
 * A review's reference is unique within its partnership: the check forms and imports make before writing,
 * the answer when it is taken (409, shown on the form's reference field), and the same answer when two
 * people send one new reference at the same moment and the database's constraint refuses the second.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { HttpError } from '../../lib/errors.js';
import * as repo from './reviews.repository.js';

/** Another review of the partnership already has this reference: 409, and the forms show it on the field. */
export class DuplicateReferenceError extends HttpError {
  constructor(readonly reference: string) {
    super(409, `A review with the reference ${reference} already exists`);
    this.name = 'DuplicateReferenceError';
  }
}

/** The message a form shows on its reference field. */
export function duplicateReferenceMessage(reference: string): string {
  return `A review with reference ${reference} already exists: choose another`;
}

/** Whether the partnership already has a review with this reference. */
export async function referenceTaken(
  db: Kysely<Database> | Transaction<Database>,
  organisationId: string,
  reference: string,
) {
  return (await repo.findByReference(db, organisationId, reference)) !== undefined;
}

/**
 * Runs a write that may give a review `reference`, turning the unique constraint's refusal into the same
 * answer as `referenceTaken`: two people can send the same new reference at once, both pass the check, and
 * the database refuses the second (a 500 before).
 */
export async function refusingTakenReference<T>(reference: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (reference !== undefined && isUniqueViolation(err)) throw new DuplicateReferenceError(reference);
    throw err;
  }
}
