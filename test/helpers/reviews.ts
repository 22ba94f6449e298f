import type { Db } from '../../src/db/create-db.js';
import type { ReviewRole, ReviewTable } from '../../src/db/schema.js';
import { NO_KEY_DATES } from '../../src/features/reviews/key-dates.js';
import { newId } from '../../src/lib/ids.js';
import type { Person } from './client.js';

/** Puts people on a review's team directly, with their review roles. */
export async function addToTeam(
  db: Db,
  organisationId: string,
  reviewId: string,
  members: readonly (readonly [Pick<Person, 'id'>, ReviewRole])[],
) {
  for (const [person, role] of members) {
    await db
      .insertInto('review_member')
      .values({
        id: newId(),
        organisation_id: organisationId,
        review_id: reviewId,
        user_id: person.id,
        role,
        created_at: new Date().toISOString(),
      })
      .execute();
  }
}

/** A review row as the app would store it, for inserting directly; `changes` override the defaults. */
export function reviewRow(organisationId: string, changes: Partial<ReviewTable> = {}): ReviewTable {
  const at = new Date().toISOString();
  return {
    id: newId(),
    organisation_id: organisationId,
    reference: `R ${newId().slice(-6)}`,
    title: 'Review',
    subject_pseudonym: 'Child A',
    type: 'local-cspr',
    method: 'systems',
    method_other: null,
    framework_key: 'scr-quality-markers',
    framework_version: '1.0.0',
    status: 'set-up',
    ...NO_KEY_DATES,
    version: 1,
    created_at: at,
    created_by: null,
    updated_at: at,
    updated_by: null,
    ...changes,
  };
}
