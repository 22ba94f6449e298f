/**
 * A review's team: who is on it and in what role. Only people who may manage the team (partnership
 * admins, the review's chairs and business managers) change it; a review always keeps at least one
 * chair or business manager; every change is audited with the role, never anything else.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, ReviewRole } from '../../db/schema.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { referralRoleOf } from './policy.js';
import * as repo from './reviews.repository.js';
import { getReview, type Review } from './reviews.service.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

/** The roles that lead a review: one of them must always be on the team. */

export const LAST_LEAD = 'The review must keep at least one chair or business manager';

/** A change made (`memberId`: the team row added, for an add) or the reason it was not. */
export type TeamChange = { ok: true; name: string; memberId?: string } | { ok: false; error: string };

function requireManage(review: Review) {
  if (!review.access.canManageTeam) throw new HttpError(403, 'You cannot change the team of this review');
}

/** The team, and for those who manage it, the partnership's people who could join. */
export async function teamPage(db: Db, actor: PartnershipActor, reviewId: string) {
  const review = await getReview(db, actor, reviewId, { audit: false });
  const [team, candidates] = await Promise.all([
    repo.teamOf(db, actor.organisationId, reviewId),
    review.access.canManageTeam
      ? repo.partnershipPeopleNotOnTeam(db, actor.organisationId, reviewId)
      : Promise.resolve([]),
  ]);
  return { review, team, candidates };
}

/** The team page for someone adding to it: 403 for anyone who may not manage the team. */
export async function manageTeamPage(db: Db, actor: PartnershipActor, reviewId: string) {
  const page = await teamPage(db, actor, reviewId);
  requireManage(page.review);
  return page;
}

/** One member, for the change-role and remove pages (manage rights needed). */
export async function teamMember(db: Db, actor: PartnershipActor, reviewId: string, memberId: string) {
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireManage(review);
  const member = await repo.findTeamMember(db, actor.organisationId, reviewId, memberId);
  if (!member) throw new NotFoundError();
  return { review, member };
}

export async function addMember(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  input: { userId: string; role: ReviewRole },
  now = new Date(),
): Promise<TeamChange> {
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireManage(review);
  return db.transaction().execute(async (trx): Promise<TeamChange> => {
    await repo.lockReview(trx, actor.organisationId, reviewId);
    const person = (await repo.partnershipPeopleNotOnTeam(trx, actor.organisationId, reviewId)).find(
      (p) => p.user_id === input.userId,
    );
    if (!person) return { ok: false, error: 'Select a person from the partnership who is not on the team' };
    const memberId = newId(now.getTime());
    await repo.insertMember(trx, {
      id: memberId,
      organisation_id: actor.organisationId,
      review_id: reviewId,
      user_id: input.userId,
      role: input.role,
      created_at: now.toISOString(),
    });
    await recordAudit(
      trx,
      actor,
      {
        action: 'review.member_added',
        objectType: 'review',
        objectId: reviewId,
        detail: { userId: input.userId, role: input.role },
      },
      now,
    );
    return { ok: true, name: person.name, memberId };
  });
}

/** The team, for the API: anyone who may see the review may read it. */
export async function teamList(db: Db, actor: PartnershipActor, reviewId: string) {
  await getReview(db, actor, reviewId, { audit: false });
  return repo.teamOf(db, actor.organisationId, reviewId);
}

/**
 * addMember for someone named by email (the API's way): the same rules as the team page's form, which
 * offers only the partnership's active members not on the team; manage rights are checked first (403).
 */
export async function addMemberByEmail(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  input: { email: string; role: ReviewRole },
  now = new Date(),
): Promise<TeamChange> {
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireManage(review);
  const email = input.email.trim().toLowerCase();
  const person = (await repo.partnershipPeopleNotOnTeam(db, actor.organisationId, reviewId)).find(
    (p) => p.email.toLowerCase() === email,
  );
  if (!person) return { ok: false, error: 'email: no active member of the partnership who is not on the team has it' };
  return addMember(db, actor, reviewId, { userId: person.user_id, role: input.role }, now);
}

export async function changeMemberRole(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  memberId: string,
  role: ReviewRole,
  now = new Date(),
): Promise<TeamChange> {
  return changeTeam(db, actor, reviewId, memberId, now, async (trx, member) => {
    if (member.role === role) return null;
    await repo.updateMemberRole(trx, actor.organisationId, reviewId, memberId, role);
    return { action: 'review.member_role_changed', detail: { userId: member.user_id, from: member.role, to: role } };
  });
}

export async function removeMember(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  memberId: string,
  now = new Date(),
): Promise<TeamChange> {
  return changeTeam(db, actor, reviewId, memberId, now, async (trx, member) => {
    await repo.removeMember(trx, actor.organisationId, reviewId, memberId);
    return { action: 'review.member_removed', detail: { userId: member.user_id, role: member.role } };
  });
}

type TeamMember = NonNullable<Awaited<ReturnType<typeof repo.findTeamMember>>>;
/** What a team change records in the audit log: the role, never anything else. */
type TeamEvent = { action: string; detail: Record<string, string> };

/**
 * Changes one member of the team (manage rights needed) while holding the review's lock. `change` makes
 * the change and returns what to audit, or null when there is nothing to change. A change that would
 * leave no chair or business manager is rolled back and answered with LAST_LEAD.
 */
async function changeTeam(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  memberId: string,
  now: Date,
  change: (trx: Transaction<Database>, member: TeamMember) => Promise<TeamEvent | null>,
): Promise<TeamChange> {
  await teamMember(db, actor, reviewId, memberId);
  return db
    .transaction()
    .execute(async (trx): Promise<TeamChange> => {
      await repo.lockReview(trx, actor.organisationId, reviewId);
      const member = await repo.findTeamMember(trx, actor.organisationId, reviewId, memberId);
      if (!member) throw new NotFoundError();
      const event = await change(trx, member);
      if (!event) return { ok: true, name: member.name };
      if ((await repo.countTeamLeads(trx, actor.organisationId, reviewId)) === 0) {
        throw new LastLead();
      }
      await recordAudit(trx, actor, { ...event, objectType: 'review', objectId: reviewId }, now);
      return { ok: true, name: member.name };
    })
    .catch(lastLeadToError);
}

/** Thrown inside the transaction so the change rolls back; turned into a form error outside it. */
class LastLead extends Error {}

function lastLeadToError(error: unknown): TeamChange {
  if (error instanceof LastLead) return { ok: false, error: LAST_LEAD };
  throw error;
}

/**
 * The person's strongest role on any of the partnership's review teams (null when on none): what the
 * policy judges their access to the referral register and the yearly report by.
 */
export async function strongestReviewRole(db: Db, organisationId: string, userId: string) {
  return referralRoleOf(await repo.reviewRolesOf(db, organisationId, userId));
}
