import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { findPublication } from '../publication/publication.repository.js';
import { requestsOf } from '../referrals/referrals.repository.js';

/**
 * Reads of a review's statutory path for its exports and board report: the referral it came from (with
 * the rapid review's agency requests), its status moves and its publication record. Every query is limited
 * to the caller's partnership and the review.
 */

type Executor = Kysely<Database> | Transaction<Database>;

export function originRow(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('referral_conversion as c')
    .innerJoin('referral', (j) =>
      j.onRef('referral.id', '=', 'c.referral_id').onRef('referral.organisation_id', '=', 'c.organisation_id'),
    )
    .selectAll('referral')
    .select(['c.created_at as converted_at', 'c.created_by as converted_by'])
    .where('c.organisation_id', '=', organisationId)
    .where('c.review_id', '=', reviewId)
    .executeTakeFirst();
}

/** The review's status moves, oldest first (the review's page lists them newest first, with names). */
export function statusChangeRows(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('review_status_change')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .orderBy('changed_at')
    .orderBy('id')
    .execute();
}

/** The publication's events in the order they happened (by date, then as recorded). */
export function publicationEventRows(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('publication_event')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .orderBy('held_on')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Everything of the review's statutory path, read together. */
export async function statutoryRows(db: Executor, organisationId: string, reviewId: string) {
  const [origin, statusChanges, publication, events] = await Promise.all([
    originRow(db, organisationId, reviewId),
    statusChangeRows(db, organisationId, reviewId),
    findPublication(db, organisationId, reviewId),
    publicationEventRows(db, organisationId, reviewId),
  ]);
  const requests = origin ? await requestsOf(db, organisationId, origin.id) : [];
  return { origin, requests, statusChanges, publication, events };
}

export type StatutoryRows = Awaited<ReturnType<typeof statutoryRows>>;
