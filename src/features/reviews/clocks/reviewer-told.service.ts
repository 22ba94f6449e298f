/**
 * A children's review: the decision and the reviewer's name told to the Panel (the clock step
 * 'panel-told'). The reviewer is a professional, so their name is kept; the date the Panel was told is the
 * review's own key date panel_told_date, so every view of that clock (page, list, API, exports) reads it.
 * Changed by those who run the review (the policy's 'review.manage'), at the review's version, audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { NotFoundError } from '../../../lib/errors.js';
import type { FieldErrors } from '../../../lib/forms.js';
import type { PartnershipActor } from '../../../plugins/auth.js';
import { recordAudit } from '../../audit/audit.service.js';
import { requireManage, saveReviewAt, type Review } from '../reviews.service.js';
import { checkReviewerTold, type ReviewerToldInput } from './reviewer-told.form.js';
import * as repo from './reviewer-told.repository.js';
import { clockKeysOf } from './table.js';

type Db = Kysely<Database>;

/** The rules refused the input: messages by field. */
export class ReviewerToldInvalid extends Error {
  constructor(readonly errors: FieldErrors) {
    super('The reviewer told to the Panel was not saved');
  }
}

/** Only a review whose clocks include telling the Panel has this record; any other is 404. */
export function requirePanelToldClock(review: Pick<Review, 'type'>) {
  if (!clockKeysOf(review.type).includes('panel-told')) throw new NotFoundError();
}

export async function reviewerToldOf(db: Db, review: Pick<Review, 'id' | 'organisation_id' | 'panel_told_date'>) {
  const row = await repo.reviewerNamedOf(db, review.organisation_id, review.id);
  return { reviewerName: row?.reviewer_name ?? null, toldOn: review.panel_told_date };
}

export type SaveOutcome = { ok: true } | { ok: false; currentVersion: number };

export async function saveReviewerTold(
  db: Db,
  actor: PartnershipActor,
  review: Review,
  version: number,
  input: ReviewerToldInput,
  now: Date,
  today: string,
  formErrors: FieldErrors = {},
): Promise<SaveOutcome> {
  requireManage(review);
  requirePanelToldClock(review);
  const errors = { ...checkReviewerTold(input, review.decision_date, today), ...formErrors };
  if (Object.keys(errors).length) throw new ReviewerToldInvalid(errors);
  return db.transaction().execute(async (trx): Promise<SaveOutcome> => {
    const at = now.toISOString();
    const saved = await saveReviewAt(trx, actor, review.id, version, { panel_told_date: input.toldOn }, at);
    if (!saved.ok) return { ok: false, currentVersion: saved.conflict.version };
    await repo.saveReviewerNamed(trx, {
      review_id: review.id,
      organisation_id: actor.organisationId,
      reviewer_name: input.reviewerName,
      updated_at: at,
      updated_by: actor.userId,
    });
    await recordAudit(
      trx,
      actor,
      {
        action: 'review.reviewer_told_recorded',
        objectType: 'review',
        objectId: review.id,
        detail: { toldOn: input.toldOn },
      },
      now,
    );
    return { ok: true };
  });
}
