import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { HttpError } from '../../../lib/errors.js';
import type { PartnershipActor } from '../../../plugins/auth.js';
import { recordAudit } from '../../audit/audit.service.js';
import { getRound } from '../records/assessments.service.js';
import * as repo from './meeting-date.repository.js';

/**
 * The date a round's panel next meets: set by those who run the review, shown on the round page and
 * beside each of the round's markers in "Your work". A past date is allowed (a meeting just held).
 */
type RoundIds = { reviewId: string; roundId: string };

/** The round, when the person may set its meeting date (404 for another's, 403 for who may not). */
export async function roundForMeetingDate(db: Kysely<Database>, actor: PartnershipActor, ids: RoundIds) {
  const { review, round } = await getRound(db, actor, ids.reviewId, ids.roundId, false);
  if (!review.access.canManage) throw new HttpError(403, 'Only those who run the review can set the meeting date');
  return round;
}

export async function setMeetingDate(
  db: Kysely<Database>,
  actor: PartnershipActor,
  ids: RoundIds,
  meetingOn: string | null,
  now = new Date(),
): Promise<void> {
  const round = await roundForMeetingDate(db, actor, ids);
  if (round.meeting_on === meetingOn) return;
  await db.transaction().execute(async (trx) => {
    await repo.setMeetingOn(trx, actor.organisationId, round.id, meetingOn);
    await recordAudit(
      trx,
      actor,
      {
        action: meetingOn ? 'round.meeting_date_set' : 'round.meeting_date_cleared',
        objectType: 'assessment_round',
        objectId: round.id,
        detail: meetingOn ? { meetingOn } : undefined,
      },
      now,
    );
  });
}
