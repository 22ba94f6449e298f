import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { reviewVisibleTo } from '../reviews/visible.repository.js';

type Db = Kysely<Database>;

/** Who is asking: their partnership, and their user id unless they are its admin (who sees every review). */
export interface Viewer {
  organisationId: string;
  userId: string;
  admin: boolean;
}

const visibleReview = (viewer: Viewer) => reviewVisibleTo(viewer, 'review.id');

/** A review in one of these is over: nothing in it waits for anyone. */
const ENDED = ['complete', 'archived'] as const;

/** Rounds awaiting sign-off on reviews where the person is the chair. */
export function roundsAwaitingMySignOff(db: Db, viewer: Viewer) {
  return db
    .selectFrom('assessment_round as round')
    .innerJoin('review', 'review.id', 'round.review_id')
    .innerJoin('review_member as me', (join) =>
      join.onRef('me.review_id', '=', 'review.id').on('me.user_id', '=', viewer.userId).on('me.role', '=', 'chair'),
    )
    .select([
      'round.id as roundId',
      'round.number',
      'round.sent_for_sign_off_at as sentAt',
      'review.id as reviewId',
      'review.reference',
      'review.title as reviewTitle',
    ])
    .where('round.organisation_id', '=', viewer.organisationId)
    .where('review.organisation_id', '=', viewer.organisationId)
    .where('round.status', '=', 'awaiting-sign-off')
    .orderBy('round.sent_for_sign_off_at')
    .execute();
}

/** Marker records the person owns that are not completed, in open rounds of live reviews they may see. */
export function myOpenMarkers(db: Db, viewer: Viewer) {
  return db
    .selectFrom('marker_record as record')
    .innerJoin('assessment_round as round', 'round.id', 'record.round_id')
    .innerJoin('review', 'review.id', 'round.review_id')
    .select([
      'record.marker_key as markerKey',
      'record.status',
      'round.id as roundId',
      'round.number as roundNumber',
      'round.meeting_on as meetingOn',
      'round.framework_version as frameworkVersion',
      'review.framework_key as frameworkKey',
      'review.id as reviewId',
      'review.reference',
      'review.title as reviewTitle',
    ])
    .where('record.organisation_id', '=', viewer.organisationId)
    .where('review.organisation_id', '=', viewer.organisationId)
    .where('record.owner_user_id', '=', viewer.userId)
    .where('record.status', '!=', 'completed')
    .where('round.status', '=', 'open')
    .where('review.status', 'not in', ENDED)
    .where(visibleReview(viewer))
    .orderBy('review.reference')
    .orderBy('round.number')
    .orderBy('record.marker_key')
    .execute();
}

/**
 * Unresolved comments by someone else, on marker records the person owns or addressed to the person,
 * counted per marker (and how many of them are addressed to the person).
 */
export function unresolvedCommentsForMe(db: Db, viewer: Viewer) {
  return db
    .selectFrom('comment')
    .innerJoin('marker_record as record', (join) =>
      join.onRef('record.round_id', '=', 'comment.round_id').onRef('record.marker_key', '=', 'comment.marker_key'),
    )
    .innerJoin('assessment_round as round', 'round.id', 'comment.round_id')
    .innerJoin('review', 'review.id', 'round.review_id')
    .select((eb) => [
      'comment.marker_key as markerKey',
      'round.id as roundId',
      'round.number as roundNumber',
      'round.framework_version as frameworkVersion',
      'review.framework_key as frameworkKey',
      'review.id as reviewId',
      'review.reference',
      'review.title as reviewTitle',
      eb.fn.countAll<number | string>().as('count'),
      eb.fn.min('comment.created_at').as('oldest'),
      eb.fn
        .sum<number | string>(eb.case().when('comment.addressed_to', '=', viewer.userId).then(1).else(0).end())
        .as('toMe'),
    ])
    .where('comment.organisation_id', '=', viewer.organisationId)
    .where('review.organisation_id', '=', viewer.organisationId)
    .where((eb) =>
      eb.or([eb('record.owner_user_id', '=', viewer.userId), eb('comment.addressed_to', '=', viewer.userId)]),
    )
    .where('comment.resolved_at', 'is', null)
    .where((eb) => eb.or([eb('comment.author_id', 'is', null), eb('comment.author_id', '!=', viewer.userId)]))
    .where('review.status', 'not in', ENDED)
    .where(visibleReview(viewer))
    .groupBy([
      'comment.marker_key',
      'round.id',
      'round.number',
      'round.framework_version',
      'review.framework_key',
      'review.id',
      'review.reference',
      'review.title',
    ])
    .orderBy('oldest')
    .execute();
}

/** Actions the person owns, not finished, with a due date on or before `dueBy`. */
export function myActionsDueBy(db: Db, viewer: Viewer, dueBy: string) {
  return db
    .selectFrom('action')
    .innerJoin('review', 'review.id', 'action.review_id')
    .select([
      'action.id as actionId',
      'action.number',
      'action.title',
      'action.due_date as due',
      'review.id as reviewId',
      'review.reference',
      'review.title as reviewTitle',
    ])
    .where('action.organisation_id', '=', viewer.organisationId)
    .where('review.organisation_id', '=', viewer.organisationId)
    .where('action.owner_user_id', '=', viewer.userId)
    .where('action.status', 'in', ['not-started', 'in-progress'])
    .where('action.due_date', 'is not', null)
    .where('action.due_date', '<=', dueBy)
    .where(visibleReview(viewer))
    .orderBy('action.due_date')
    .orderBy('action.number')
    .execute();
}

/** Live reviews the person may see, with the key dates their statutory timescales are worked out from. */
export function liveReviewsWithDates(db: Db, viewer: Viewer) {
  return db
    .selectFrom('review')
    .selectAll('review')
    .where('review.organisation_id', '=', viewer.organisationId)
    .where('review.status', 'not in', ENDED)
    .where(visibleReview(viewer))
    .orderBy('review.reference')
    .execute();
}

/** The references and titles of the reviews whose team the person is on. */
export function reviewsOnTeam(db: Db, viewer: Viewer) {
  return db
    .selectFrom('review')
    .innerJoin('review_member as me', 'me.review_id', 'review.id')
    .select(['review.id', 'review.reference', 'review.title', 'me.role'])
    .where('review.organisation_id', '=', viewer.organisationId)
    .where('me.user_id', '=', viewer.userId)
    .orderBy('review.reference')
    .execute();
}
