import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';

/** Sets (or clears) a round's next meeting date, moving the round's version on so cached pages change. */
export function setMeetingOn(db: Kysely<Database>, organisationId: string, roundId: string, meetingOn: string | null) {
  return db
    .updateTable('assessment_round')
    .set((eb) => ({ meeting_on: meetingOn, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', roundId)
    .executeTakeFirst();
}
