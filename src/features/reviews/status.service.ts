/**
 * Moving a review's status, on screen and through the API, by one set of rules (status.rules.ts): who may
 * (the policy's review.manage; overriding a rule, status.override: partnership admins), what each move
 * needs, and the record of every move (review_status_change, shown as the review's timeline) and its
 * audit event, written in the same transaction as the review's new status.
 */
import type { Kysely } from 'kysely';
import type { Database, ReviewStatus, ReviewTable } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import type { FieldErrors } from '../../lib/forms.js';
import { newId } from '../../lib/ids.js';
import { londonDate } from '../../lib/uk-time.js';
import { recordAudit } from '../audit/audit.service.js';
import { getWrittenResponse } from '../actions/response.service.js';
import { publicationOf, publicationSettled } from '../publication/publication.service.js';
import { authorize } from './policy.js';
import { REVIEW_STATUSES } from './reviews.options.js';
import { getReview, requireManage, saveReviewAt, type Review, type SaveResult } from './reviews.service.js';
import * as repo from './status.repository.js';
import {
  directionOf,
  missingFor,
  movesFrom,
  REASON_LIMIT,
  ruleOf,
  STATUS_ORDER,
  type Missing,
  type StatusFacts,
} from './status.rules.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

const label = (s: ReviewStatus) => REVIEW_STATUSES[s];
const lower = (s: ReviewStatus) => label(s).toLowerCase();

async function factsOf(db: Db, review: Pick<ReviewTable, 'organisation_id' | 'id'>): Promise<StatusFacts> {
  const [scopeWritten, publication, response] = await Promise.all([
    repo.scopeWritten(db, review.organisation_id, review.id),
    publicationOf(db, review.organisation_id, review.id),
    getWrittenResponse(db, review.organisation_id, review.id),
  ]);
  return {
    scopeWritten,
    publicationSettled: publicationSettled(publication),
    responseAgreed: response?.status === 'agreed',
  };
}

/** The review's moves, newest first, in words for the timeline. */
export async function statusTimeline(db: Db, review: Pick<ReviewTable, 'organisation_id' | 'id'>) {
  const rows = await repo.statusChangesOf(db, review.organisation_id, review.id);
  return rows.map((r) => ({
    id: r.id,
    at: r.changed_at,
    from: label(r.from_status),
    to: label(r.to_status),
    back: directionOf(r.from_status, r.to_status) === 'back',
    reason: r.reason,
    overridden: r.overridden,
    termsAgreedOn: r.terms_agreed_on,
    by: r.changed_by_name ?? 'Someone no longer in the partnership',
  }));
}

/** The review's moves, oldest first, by key, for the API. */
export async function statusMoves(db: Db, review: Pick<ReviewTable, 'organisation_id' | 'id'>) {
  const rows = await repo.statusChangesOf(db, review.organisation_id, review.id);
  return rows.reverse().map((r) => ({
    from: r.from_status,
    to: r.to_status,
    changedAt: r.changed_at,
    changedBy: r.changed_by_name ?? null,
    reason: r.reason,
    overridden: r.overridden,
    termsAgreedOn: r.terms_agreed_on,
  }));
}

/** The status page: where the review is, the moves open to it and what each still needs, its timeline. */
export async function statusPage(db: Db, actor: PartnershipActor, reviewId: string) {
  const review = await getReview(db, actor, reviewId);
  const [facts, timeline] = await Promise.all([factsOf(db, review), statusTimeline(db, review)]);
  return {
    review,
    moves: movesFrom(review.status).map((m) => ({
      ...m,
      label: label(m.to),
      rule: ruleOf(m.to, m.direction),
      missing: m.direction === 'forward' ? missingFor(review.id, m.to, facts) : [],
    })),
    timeline,
    canOverride: canOverride(actor, review),
    termsAgreedOn: timeline.find((t) => t.termsAgreedOn)?.termsAgreedOn ?? null,
  };
}

const canOverride = (actor: PartnershipActor, review: Review) =>
  authorize(actor, 'status.override', { reviewRole: review.access.reviewRole });

export interface MoveInput {
  to: string;
  /** The review's version the person read */
  version: number;
  reason: string;
  /** Move although a rule is not met (partnership admins only) */
  override: boolean;
  /** When the terms of reference were agreed (YYYY-MM-DD): the move to running needs it */
  termsAgreedOn: string | null;
  /** The form's message when the date typed is not a real one */
  termsAgreedOnError?: string;
}

export type MoveOutcome =
  | SaveResult<ReviewTable>
  | { ok: false; errors: FieldErrors<'to' | 'reason' | 'termsAgreedOn' | Missing['key']>; missing: Missing[] };

/** Moves the review one step, if its rule is met (or an admin overrides it with a reason). */
export async function moveStatus(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  input: MoveInput,
  now = new Date(),
): Promise<MoveOutcome> {
  const review = await getReview(db, actor, reviewId, { audit: false });
  requireManage(review);
  if (input.override && !canOverride(actor, review)) {
    throw new HttpError(403, 'Only a partnership admin can move a review when a rule is not met');
  }
  // Someone else moved or changed it since the person looked: they see it as it is now.
  if (input.version !== review.version) return { ok: false, conflict: review };
  if (input.termsAgreedOnError) return { ok: false, errors: { termsAgreedOn: input.termsAgreedOnError }, missing: [] };

  const errors: FieldErrors<'to' | 'reason' | 'termsAgreedOn' | Missing['key']> = {};
  const to = input.to as ReviewStatus;
  const direction = STATUS_ORDER.includes(to) ? directionOf(review.status, to) : null;
  if (!direction) {
    const open = movesFrom(review.status).map((m) => lower(m.to));
    errors.to = STATUS_ORDER.includes(to)
      ? `A review moves one step at a time: from ${lower(review.status)} it can move to ${open.join(' or ')}`
      : 'Select where to move the review';
    return { ok: false, errors, missing: [] };
  }
  const missing = direction === 'forward' ? missingFor(review.id, to, await factsOf(db, review)) : [];
  const termsMissing = to === 'running' && direction === 'forward' && !input.termsAgreedOn;
  const overriding = input.override && (missing.length > 0 || termsMissing);

  if (input.reason.length > REASON_LIMIT) {
    errors.reason = `Reason must be ${REASON_LIMIT.toLocaleString('en-GB')} characters or fewer`;
  } else if (!input.reason && direction === 'back') {
    errors.reason = `Enter why the review is moving back to ${lower(to)}`;
  } else if (!input.reason && overriding) {
    errors.reason = `Enter why you are moving the review to ${lower(to)} although a rule is not met`;
  }
  if (input.termsAgreedOn && input.termsAgreedOn > londonDate(now)) {
    errors.termsAgreedOn = 'Date the terms of reference were agreed must be today or in the past';
  } else if (termsMissing && !input.override) {
    errors.termsAgreedOn = 'Enter the date the terms of reference were agreed';
  }
  if (!input.override) for (const m of missing) errors[m.key] = m.text;
  if (Object.keys(errors).length) return { ok: false, errors, missing };

  const at = now.toISOString();
  return db.transaction().execute(async (trx): Promise<MoveOutcome> => {
    const saved = await saveReviewAt(trx, actor, review.id, input.version, { status: to }, at);
    if (!saved.ok) return saved;
    const overridden = overriding
      ? [...missing.map((m) => m.text), ...(termsMissing ? ['No date the terms of reference were agreed'] : [])].join(
          '; ',
        )
      : null;
    await repo.insertStatusChange(trx, {
      id: newId(now.getTime()),
      organisation_id: actor.organisationId,
      review_id: review.id,
      from_status: review.status,
      to_status: to,
      reason: input.reason || null,
      overridden,
      terms_agreed_on: to === 'running' && direction === 'forward' ? input.termsAgreedOn : null,
      changed_at: at,
      changed_by: actor.userId,
    });
    await recordAudit(
      trx,
      actor,
      {
        action: 'review.status_changed',
        objectType: 'review',
        objectId: review.id,
        detail: { from: review.status, to, overridden: Boolean(overridden) },
      },
      now,
    );
    return saved;
  });
}
