import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

type Db = Kysely<Database>;

/** The kinds of notification the person has turned off. */
export async function optedOutKinds(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('notification_opt_out')
    .select('kind')
    .where('user_id', '=', userId)
    .orderBy('kind')
    .execute();
  return rows.map((r) => r.kind);
}

/** Replaces the person's turned-off kinds with `kinds`. */
export async function replaceOptOuts(db: Db, userId: string, kinds: readonly string[], at: string): Promise<void> {
  await db.deleteFrom('notification_opt_out').where('user_id', '=', userId).execute();
  if (kinds.length) {
    await db
      .insertInto('notification_opt_out')
      .values(kinds.map((kind) => ({ user_id: userId, kind, created_at: at })))
      .execute();
  }
}

/** People with at least one partnership membership not disabled, with the partnerships and their roles. */
export function activeMemberships(db: Db) {
  return db
    .selectFrom('membership')
    .innerJoin('user_account as person', 'person.id', 'membership.user_id')
    .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .select([
      'person.id as userId',
      'person.email',
      'membership.organisation_id as organisationId',
      'organisation.name as organisationName',
      'membership.role',
    ])
    .where('membership.disabled_at', 'is', null)
    .orderBy('person.id')
    .orderBy('membership.organisation_id')
    .execute();
}

/** Whether the person's digest for `day` has been claimed already (sent, or being sent). */
export async function digestClaimed(db: Db, userId: string, day: string): Promise<boolean> {
  const row = await db
    .selectFrom('notification_digest')
    .select('day')
    .where('user_id', '=', userId)
    .where('day', '=', day)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * Claims the person's digest for `day`: true for the one caller whose row went in, false when another
 * process (or an earlier run) has it already. Portable: ON CONFLICT DO NOTHING on both databases.
 */
export async function claimDigest(db: Db, userId: string, day: string, itemCount: number, at: string) {
  const result = await db
    .insertInto('notification_digest')
    .values({ user_id: userId, day, created_at: at, item_count: itemCount, sent_at: null })
    .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function markDigestSent(db: Db, userId: string, day: string, at: string): Promise<void> {
  await db
    .updateTable('notification_digest')
    .set({ sent_at: at })
    .where('user_id', '=', userId)
    .where('day', '=', day)
    .execute();
}

/** When the person's last digest before `day` was claimed; null when they have had none. */
export async function lastDigestAt(db: Db, userId: string, day: string): Promise<string | null> {
  const row = await db
    .selectFrom('notification_digest')
    .select('created_at')
    .where('user_id', '=', userId)
    .where('day', '<', day)
    .orderBy('day', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at ?? null;
}

/**
 * Rounds the person last sent for sign-off that the chair returned or approved after `since` (and up to
 * `until`), in the partnership: from the audit log's sign-off steps.
 */
export function signOffOutcomesSince(
  db: Db,
  viewer: { organisationId: string; userId: string },
  since: string,
  until: string,
) {
  return db
    .selectFrom('audit_event as event')
    .innerJoin('assessment_round as round', 'round.id', 'event.object_id')
    .innerJoin('review', 'review.id', 'round.review_id')
    .select([
      'event.action',
      'event.at',
      'round.id as roundId',
      'round.number as roundNumber',
      'review.id as reviewId',
      'review.reference',
    ])
    .where('event.organisation_id', '=', viewer.organisationId)
    .where('round.organisation_id', '=', viewer.organisationId)
    .where('review.organisation_id', '=', viewer.organisationId)
    .where('event.object_type', '=', 'assessment_round')
    .where('event.action', 'in', ['round.sign_off.return', 'round.sign_off.approve'])
    .where('event.at', '>', since)
    .where('event.at', '<=', until)
    .where('round.sent_for_sign_off_by', '=', viewer.userId)
    .orderBy('event.at')
    .execute();
}
