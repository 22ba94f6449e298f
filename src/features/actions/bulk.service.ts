/**
 * Updating several actions at once (status and/or RAG). Each row names the version the person saw;
 * if any has moved on since, nothing at all is changed and the stale ones are named, so no one's
 * later change is silently overwritten.
 */
import type { Kysely } from 'kysely';
import type { ActionStatus, Database, Rag } from '../../db/schema.js';
import { updateVersioned } from '../../db/versioned.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './actions.repository.js';
import { completedAt, toAction, type Action } from './actions.model.js';
import { visibleReviews } from './actions.service.js';
import { canChange, reviewFor } from './review-context.service.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

export interface BulkChanges {
  status?: ActionStatus;
  /** null clears the rating */
  rag?: Rag | null;
}

export interface BulkItem {
  id: string;
  version: number;
}

export type BulkResult = { ok: true; count: number } | { ok: false; stale: Action[] };

class StaleRows extends Error {
  constructor(readonly stale: Action[]) {
    super('stale');
  }
}

/** `reviewId` for a review's list; undefined for the partnership-wide one. */
export async function bulkUpdate(
  db: Db,
  actor: PartnershipActor,
  reviewId: string | undefined,
  items: BulkItem[],
  changes: BulkChanges,
  now = new Date(),
): Promise<BulkResult> {
  const { visible, editable } = await bulkScope(db, actor, reviewId);
  const rows = await repo.findActionsByIds(
    db,
    actor.organisationId,
    items.map((i) => i.id),
  );
  // Actions the person cannot see are "not found", whoever's they are; those they only read are refused.
  if (rows.length !== new Set(items.map((i) => i.id)).size || rows.some((r) => !visible.has(r.review_id))) {
    throw new NotFoundError();
  }
  if (rows.some((r) => !editable.has(r.review_id))) {
    throw new HttpError(403, 'You cannot change one or more of the selected actions');
  }
  const at = now.toISOString();
  try {
    await db.transaction().execute(async (trx) => {
      const stale: Action[] = [];
      for (const item of items) {
        const row = rows.find((r) => r.id === item.id)!;
        const status = changes.status ?? row.status;
        const result = await updateVersioned(
          trx,
          'action',
          { id: item.id, organisationId: actor.organisationId },
          item.version,
          {
            ...(changes.status ? { status, completed_at: completedAt(status, row.completed_at, at) } : {}),
            ...(changes.rag !== undefined ? { rag: changes.rag } : {}),
            updated_at: at,
            updated_by: actor.userId,
          },
          { userId: actor.userId, at },
        );
        if (!result.ok) stale.push(toAction(result.reason === 'conflict' ? result.current : row));
      }
      if (stale.length) throw new StaleRows(stale);
      await recordAudit(
        trx,
        actor,
        {
          action: 'actions.bulk_updated',
          objectType: reviewId ? 'review' : undefined,
          objectId: reviewId,
          detail: {
            count: items.length,
            ...(changes.status ? { status: changes.status } : {}),
            ...(changes.rag !== undefined ? { rag: changes.rag ?? 'none' } : {}),
          },
        },
        now,
      );
    });
  } catch (err) {
    if (err instanceof StaleRows) return { ok: false, stale: err.stale };
    throw err;
  }
  return { ok: true, count: items.length };
}

/** The reviews whose actions the person sees and may change here; refused (403) when they may change none. */
export async function bulkScope(db: Db, actor: PartnershipActor, reviewId: string | undefined) {
  if (actor.partnershipRole === 'viewer') throw new HttpError(403, 'Viewers cannot change actions');
  if (!reviewId) {
    const { ids, editable } = await visibleReviews(db, actor);
    return { visible: new Set(ids), editable };
  }
  const review = await reviewFor(db, actor, reviewId);
  if (!canChange(review)) throw new HttpError(403, 'You can read this review’s actions but not change them');
  return { visible: new Set([review.id]), editable: new Set([review.id]) };
}
