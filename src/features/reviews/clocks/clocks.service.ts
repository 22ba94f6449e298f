/**
 * The clocks' records: the partnership's SAR target and each review's extensions and pauses. Reading
 * gives the context clocks/evaluate.ts needs; recording and removing are the policy's 'review.manage',
 * and each is audited.
 */
import type { Kysely } from 'kysely';
import type { Database, ReviewClockChangeTable } from '../../../db/schema.js';
import { HttpError, NotFoundError } from '../../../lib/errors.js';
import { newId } from '../../../lib/ids.js';
import type { PartnershipActor } from '../../../plugins/auth.js';
import { recordAudit } from '../../audit/audit.service.js';
import { authorize, type ReviewAccess } from '../policy.js';
import type { ChangeInput } from './change.form.js';
import * as repo from './clocks.repository.js';
import type { ClockChange, ClockContext } from './evaluate.js';

type Db = Kysely<Database>;
/** A review as read for the person (reviews.service's Review is one). */
type ReviewRead = { id: string; access: ReviewAccess };

export { DEFAULT_SAR_TARGET_MONTHS } from './table.js';

export const asChange = (row: ReviewClockChangeTable): ClockChange => ({
  id: row.id,
  clockKey: row.clock_key,
  kind: row.kind,
  newDueDate: row.new_due_date,
  agreedBy: row.agreed_by,
  agreedOn: row.agreed_on,
  pausedFrom: row.paused_from,
  pausedTo: row.paused_to,
  reason: row.reason,
});

/** What one review's clocks need besides its dates. */
export async function clockContextOf(db: Db, organisationId: string, reviewId: string): Promise<ClockContext> {
  const [sarTargetMonths, changes] = await Promise.all([
    repo.sarTargetMonths(db, organisationId),
    repo.changesOf(db, organisationId, reviewId),
  ]);
  return { sarTargetMonths, changes: changes.map(asChange) };
}

/** The same for every review of the partnership at once (lists, "Your work", the digest): two queries. */
export async function clockContexts(db: Db, organisationId: string): Promise<(reviewId: string) => ClockContext> {
  const [sarTargetMonths, changes] = await Promise.all([
    repo.sarTargetMonths(db, organisationId),
    repo.changesOf(db, organisationId),
  ]);
  const byReview = new Map<string, ClockChange[]>();
  for (const row of changes) {
    const list = byReview.get(row.review_id) ?? [];
    list.push(asChange(row));
    byReview.set(row.review_id, list);
  }
  return (reviewId) => ({ sarTargetMonths, changes: byReview.get(reviewId) ?? [] });
}

function requireManageClocks(actor: PartnershipActor, review: ReviewRead) {
  if (!authorize(actor, 'review.manage', review.access)) {
    throw new HttpError(403, 'You can read this review but not change it');
  }
}

/** Records an extension or a pause (already checked by change.form.ts) against one of the review's clocks. */
export async function addClockChange(
  db: Db,
  actor: PartnershipActor,
  review: ReviewRead,
  input: ChangeInput,
  now = new Date(),
): Promise<ClockChange> {
  requireManageClocks(actor, review);
  const row: ReviewClockChangeTable = {
    id: newId(now.getTime()),
    organisation_id: actor.organisationId,
    review_id: review.id,
    clock_key: input.clockKey,
    kind: input.kind,
    new_due_date: input.newDueDate,
    agreed_by: input.agreedBy,
    agreed_on: input.agreedOn,
    paused_from: input.pausedFrom,
    paused_to: input.pausedTo,
    reason: input.reason,
    created_at: now.toISOString(),
    created_by: actor.userId,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertChange(trx, row);
    await recordAudit(
      trx,
      actor,
      {
        action: `review.clock_${input.kind}_recorded`,
        objectType: 'review',
        objectId: review.id,
        detail: { clock: input.clockKey, changeId: row.id },
      },
      now,
    );
  });
  return asChange(row);
}

/** Removes one extension or pause of the review; 404 when the review has none with that id. */
export async function removeClockChange(
  db: Db,
  actor: PartnershipActor,
  review: ReviewRead,
  changeId: string,
  now = new Date(),
): Promise<ClockChange> {
  requireManageClocks(actor, review);
  return db.transaction().execute(async (trx) => {
    const existing = (await repo.changesOf(trx, actor.organisationId, review.id)).find((c) => c.id === changeId);
    if (!existing || !(await repo.deleteChange(trx, actor.organisationId, review.id, changeId))) {
      throw new NotFoundError();
    }
    await recordAudit(
      trx,
      actor,
      {
        action: `review.clock_${existing.kind}_removed`,
        objectType: 'review',
        objectId: review.id,
        detail: { clock: existing.clock_key, changeId },
      },
      now,
    );
    return asChange(existing);
  });
}
