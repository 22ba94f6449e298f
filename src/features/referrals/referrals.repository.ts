import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database, ReferralAgencyRequestTable, ReferralTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Referrals of the partnership, each with the review it became (if it has). */
function referralsWithReview(db: Executor, organisationId: string) {
  return db
    .selectFrom('referral')
    .leftJoin('referral_conversion as c', 'c.referral_id', 'referral.id')
    .leftJoin('review', (j) =>
      j.onRef('review.id', '=', 'c.review_id').onRef('review.organisation_id', '=', 'referral.organisation_id'),
    )
    .selectAll('referral')
    .select(['c.review_id as review_id', 'review.reference as review_reference'])
    .where('referral.organisation_id', '=', organisationId);
}

/** The register: every referral of the partnership with the review it became, newest first. */
export function listReferrals(db: Executor, organisationId: string, route?: string) {
  let q = referralsWithReview(db, organisationId);
  if (route) q = q.where('referral.route', '=', route as ReferralTable['route']);
  return q.orderBy('referral.received_on', 'desc').orderBy('referral.id', 'desc').execute();
}

export function findReferral(db: Executor, organisationId: string, id: string) {
  return referralsWithReview(db, organisationId).where('referral.id', '=', id).executeTakeFirst();
}

export function insertReferral(db: Executor, row: ReferralTable) {
  return db.insertInto('referral').values(row).execute();
}

/** Changes the referral only at the version read; false when another change came first (or none such). */
export async function updateReferral(
  db: Executor,
  organisationId: string,
  id: string,
  version: number,
  changes: Updateable<ReferralTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('referral')
    // The stored version plus one, worked out by the database: a version read as MAX_VERSION (no record has it)
    // would otherwise be sent as 2^31, which PostgreSQL refuses before the WHERE can find no row.
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function conversionOf(db: Executor, organisationId: string, referralId: string) {
  return db
    .selectFrom('referral_conversion')
    .select('review_id')
    .where('organisation_id', '=', organisationId)
    .where('referral_id', '=', referralId)
    .executeTakeFirst();
}

/** Links the referral to its review; the primary key refuses a second link for the same referral. */
export function insertConversion(db: Executor, row: Database['referral_conversion']) {
  return db.insertInto('referral_conversion').values(row).execute();
}

export function requestsOf(db: Executor, organisationId: string, referralId: string) {
  return db
    .selectFrom('referral_agency_request')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('referral_id', '=', referralId)
    .orderBy('requested_on')
    .orderBy('agency')
    .orderBy('id')
    .execute();
}

export function insertRequest(db: Executor, row: ReferralAgencyRequestTable) {
  return db.insertInto('referral_agency_request').values(row).execute();
}

export async function updateRequest(
  db: Executor,
  organisationId: string,
  referralId: string,
  id: string,
  changes: Pick<ReferralAgencyRequestTable, 'chased_on' | 'received_on'>,
): Promise<boolean> {
  const result = await db
    .updateTable('referral_agency_request')
    .set(changes)
    .where('organisation_id', '=', organisationId)
    .where('referral_id', '=', referralId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function findRequest(db: Executor, organisationId: string, referralId: string, id: string) {
  return db
    .selectFrom('referral_agency_request')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('referral_id', '=', referralId)
    .where('id', '=', id)
    .executeTakeFirst();
}
