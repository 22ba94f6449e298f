import type { Db } from '../../src/db/create-db.js';
import type { ReviewRole } from '../../src/db/schema.js';
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
