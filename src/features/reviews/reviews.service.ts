import type { Kysely, Transaction } from 'kysely';
import type { Database, ReviewRole, ReviewTable } from '../../db/schema.js';
import { updateVersioned } from '../../db/versioned.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { accessFor, authorize, type ReviewAccess } from './policy.js';
import * as repo from './reviews.repository.js';
import { DuplicateReferenceError, referenceTaken, refusingTakenReference } from './reference.service.js';
import { NO_KEY_DATES, type KeyDateColumn, type KeyDates } from './key-dates.js';
import { keyDatesSummary, timescalesFor, type ClockContext, type ClockReview, type Timescale } from './timescales.js';
import { clockContextOf } from './clocks/clocks.service.js';
import { reviewerNamedOf } from './clocks/reviewer-told.repository.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

export interface Review extends ReviewTable {
  /** What the person may do with it: the policy's answer for each action (policy.ts). */
  access: ReviewAccess;
}

/**
 * A review the person may see: partnership admins see every review of their partnership, everyone
 * else the reviews they are on the team of. Anything else is "not found", never "forbidden".
 */
export async function getReview(
  db: Db,
  actor: PartnershipActor,
  id: string,
  opts: { audit?: boolean } = {},
): Promise<Review> {
  return admitToReview(db, actor, await repo.findReviewForMember(db, actor.organisationId, id, actor.userId), opts);
}

/**
 * getReview for a review already read with the person's team role (by a query that needed more, such as
 * a round and its review in one): the same check, the same audit event.
 */
export async function admitToReview(
  db: Db,
  actor: PartnershipActor,
  found: (ReviewTable & { member_role: ReviewRole | null }) | undefined,
  opts: { audit?: boolean } = {},
): Promise<Review> {
  if (!found || found.organisation_id !== actor.organisationId) throw new NotFoundError();
  const { member_role, ...review } = found;
  if (!authorize(actor, 'review.see', { reviewRole: member_role ?? null })) throw new NotFoundError();
  if (opts.audit !== false) {
    await recordAudit(db, actor, { action: 'review.viewed', objectType: 'review', objectId: review.id });
  }
  return { ...review, access: accessFor(actor.partnershipRole, member_role ?? null) };
}

/**
 * Refuses to let anyone but those who run the review (the policy's 'review.manage': chair, business
 * manager, lead reviewer, partnership admins) change its details, key dates or scope, or start a round.
 */
export function requireManage(review: Review) {
  if (!review.access.canManage) throw new HttpError(403, 'You can read this review but not change it');
}

/**
 * Refuses a contribution on the round's markers (answers, judgements, evidence, comments) from someone who
 * may only read the review (the policy's 'review.contribute').
 */
export function requireContribute(review: Review) {
  if (!review.access.canContribute) throw new HttpError(403, 'You can read this review but not change it');
}

/** The statutory steps of a review that are due soon or overdue on `today`: what someone must act on. */
export function stepsNeedingAttention(review: ClockReview, today: string, ctx: ClockContext = {}): Timescale[] {
  return timescalesFor(review, today, ctx).filter((t) => t.status === 'due-soon' || t.status === 'overdue');
}

export async function listReviews(db: Db, actor: PartnershipActor) {
  return repo.listReviews(db, actor.organisationId, actor.partnershipRole === 'admin' ? undefined : actor.userId);
}

export interface ReviewInput {
  reference: string;
  title: string;
  subjectPseudonym: string;
  type: ReviewTable['type'];
  method: string;
  methodOther: string | null;
}

/** The review's own columns, from the form's or the API's input. */
export const reviewColumns = (input: ReviewInput) => ({
  reference: input.reference,
  title: input.title,
  subject_pseudonym: input.subjectPseudonym,
  type: input.type,
  method: input.method,
  method_other: input.methodOther,
});

export async function createReview(
  db: Db,
  actor: PartnershipActor,
  input: ReviewInput,
  framework: FrameworkFile,
  now = new Date(),
): Promise<ReviewTable> {
  return db.transaction().execute((trx) => createReviewIn(trx, actor, input, framework, now));
}

/** What a review started from a referral's decision carries over (features/referrals). */
export interface ReviewCarriedOver {
  keyDates?: Partial<KeyDates>;
  /** The agencies taking part, as the scope's "agencies" section. */
  agencies?: string;
}

/**
 * createReview inside the caller's transaction, so that a feature which starts a review as part of a
 * larger change (a referral's decision) keeps both or neither.
 */
export async function createReviewIn(
  trx: Transaction<Database>,
  actor: PartnershipActor,
  input: ReviewInput,
  framework: FrameworkFile,
  now = new Date(),
  carried: ReviewCarriedOver = {},
): Promise<ReviewTable> {
  if (actor.partnershipRole === 'viewer') throw new HttpError(403, 'Viewers cannot start reviews');
  if (await referenceTaken(trx, actor.organisationId, input.reference)) {
    throw new DuplicateReferenceError(input.reference);
  }
  const at = now.toISOString();
  const review: ReviewTable = {
    id: newId(now.getTime()),
    organisation_id: actor.organisationId,
    ...reviewColumns(input),
    framework_key: framework.key,
    framework_version: framework.version,
    status: 'set-up',
    ...NO_KEY_DATES,
    ...carried.keyDates,
    version: 1,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  await refusingTakenReference(input.reference, () => repo.insertReview(trx, review));
  await repo.insertMember(trx, {
    id: newId(now.getTime()),
    organisation_id: actor.organisationId,
    review_id: review.id,
    user_id: actor.userId,
    role: 'business-manager',
    created_at: at,
  });
  if (carried.agencies) {
    await repo.insertScopeSection(trx, {
      id: newId(now.getTime()),
      organisation_id: actor.organisationId,
      review_id: review.id,
      section: 'agencies',
      text: carried.agencies,
      version: 1,
      updated_at: at,
      updated_by: actor.userId,
    });
  }
  await recordAudit(trx, actor, { action: 'review.created', objectType: 'review', objectId: review.id }, now);
  return review;
}

/** What may change in place; the status moves only by moveStatus (status.service.ts), which has its rules. */
export type ReviewChanges = Partial<
  Pick<ReviewTable, 'reference' | 'title' | 'subject_pseudonym' | 'type' | 'method' | 'method_other' | KeyDateColumn>
>;

export type SaveResult<T> = { ok: true; record: T } | { ok: false; conflict: T };

/** Changes the review in the caller's transaction at the version read, stamped: 404 when gone, else the conflict. */
export async function saveReviewAt(
  trx: Transaction<Database>,
  actor: PartnershipActor,
  id: string,
  version: number,
  changes: Partial<ReviewTable>,
  at: string,
): Promise<SaveResult<ReviewTable>> {
  const result = await updateVersioned(
    trx,
    'review',
    { id, organisationId: actor.organisationId },
    version,
    { ...changes, updated_at: at, updated_by: actor.userId },
    { userId: actor.userId, at },
  );
  if (!result.ok) {
    if (result.reason === 'not-found') throw new NotFoundError();
    return { ok: false, conflict: result.current };
  }
  return { ok: true, record: result.row };
}

/** Saves changes made to the version the person read; on a conflict nothing changes. */
export async function updateReview(
  db: Db,
  actor: PartnershipActor,
  id: string,
  version: number,
  changes: ReviewChanges,
  now = new Date(),
): Promise<SaveResult<ReviewTable>> {
  const review = await getReview(db, actor, id, { audit: false });
  requireManage(review);
  if (changes.reference && changes.reference !== review.reference) {
    if (await referenceTaken(db, actor.organisationId, changes.reference)) {
      throw new DuplicateReferenceError(changes.reference);
    }
  }
  return db.transaction().execute(async (trx) => {
    const saved = await refusingTakenReference(changes.reference, () =>
      saveReviewAt(trx, actor, id, version, changes, now.toISOString()),
    );
    if (!saved.ok) return saved;
    await recordAudit(
      trx,
      actor,
      {
        action: 'review.updated',
        objectType: 'review',
        objectId: id,
        detail: { fields: Object.keys(changes).join(',') },
      },
      now,
    );
    return saved;
  });
}

/**
 * Pins the review to another version of its framework, inside the caller's transaction, at the version
 * of the review the person read. The caller has checked that they may and that the version is newer.
 */
export async function repinFramework(
  trx: Transaction<Database>,
  actor: PartnershipActor,
  id: string,
  version: number,
  frameworkVersion: string,
  now: Date,
): Promise<SaveResult<ReviewTable>> {
  return saveReviewAt(trx, actor, id, version, { framework_version: frameworkVersion }, now.toISOString());
}

/** Where the review came from: the referral whose decision started it, if one did (issue 18). */
export async function referralOrigin(db: Db, actor: PartnershipActor, reviewId: string) {
  return (await repo.referralOriginOf(db, actor.organisationId, reviewId)) ?? null;
}

export async function teamOf(db: Db, actor: PartnershipActor, reviewId: string) {
  await getReview(db, actor, reviewId, { audit: false });
  return repo.teamOf(db, actor.organisationId, reviewId);
}

// For other features' reports and exports: the words for the review's keys, and its timescales.
export { DEFAULT_FRAMEWORK, REVIEW_METHODS, REVIEW_ROLES, REVIEW_STATUSES, REVIEW_TYPES } from './reviews.options.js';
export { keyDatesSummary, timescalesFor, type Timescale } from './timescales.js';
export { clockContextOf, clockContexts } from './clocks/clocks.service.js';

/** A review's key dates and clocks, with its extensions and pauses and the partnership's SAR target. */
export async function reviewClocks(
  db: Db,
  review: ClockReview & { id: string; organisation_id: string },
  today: string,
) {
  const [ctx, named] = await Promise.all([
    clockContextOf(db, review.organisation_id, review.id),
    reviewerNamedOf(db, review.organisation_id, review.id),
  ]);
  // Children: the reviewer named to the Panel, shown beside the clock step it completes.
  return { ...keyDatesSummary(review, today, ctx), reviewerName: named?.reviewer_name ?? null };
}
