import type { Kysely } from 'kysely';
import type { AssessmentRoundTable, Database, RoundStatus } from '../../../db/schema.js';
import { updateVersioned } from '../../../db/versioned.js';
import { HttpError, NotFoundError } from '../../../lib/errors.js';
import { recordAudit } from '../../audit/audit.service.js';
import { authorize } from '../../reviews/policy.js';
import { getRound } from '../records/assessments.service.js';
import type { PartnershipActor } from '../../../plugins/auth.js';

type Db = Kysely<Database>;

export type SignOffAction = 'send' | 'approve' | 'return' | 'reopen';

const ALLOWED_FROM: Record<SignOffAction, RoundStatus> = {
  send: 'open',
  approve: 'awaiting-sign-off',
  return: 'awaiting-sign-off',
  reopen: 'approved',
};

/**
 * The sign-off workflow: the lead reviewer (or business manager) sends a round for sign-off; the chair
 * approves it, which locks it, or returns it with comments; the chair or a partnership admin can reopen
 * an approved round. Every step is recorded.
 */
/** The longest comment a chair can leave on a sign-off step. */
export const MAX_SIGN_OFF_COMMENT = 5000;

export async function signOffStep(
  db: Db,
  actor: PartnershipActor,
  ids: { reviewId: string; roundId: string },
  action: SignOffAction,
  comment: string,
  now = new Date(),
): Promise<AssessmentRoundTable> {
  const { review, round } = await getRound(db, actor, ids.reviewId, ids.roundId, false);
  if (!authorize(actor, `round.${action}`, review.access))
    throw new HttpError(403, 'You do not have permission to do that');
  if (round.status !== ALLOWED_FROM[action])
    throw new HttpError(409, 'The round has moved on since you loaded the page');
  if (action === 'return' && !comment) throw new HttpError(400, 'Enter comments saying what needs to change');
  if (comment.length > MAX_SIGN_OFF_COMMENT)
    throw new HttpError(400, `Comments must be ${MAX_SIGN_OFF_COMMENT.toLocaleString('en-GB')} characters or fewer`);
  const at = now.toISOString();
  const changes: Partial<AssessmentRoundTable> =
    action === 'send'
      ? { status: 'awaiting-sign-off', sent_for_sign_off_at: at, sent_for_sign_off_by: actor.userId }
      : action === 'reopen'
        ? { status: 'open', decision_comment: comment || null }
        : {
            status: action === 'approve' ? 'approved' : 'open',
            decided_at: at,
            decided_by: actor.userId,
            decision_comment: comment || null,
          };
  return db.transaction().execute(async (trx) => {
    const result = await updateVersioned(
      trx,
      'assessment_round',
      { id: round.id, organisationId: actor.organisationId },
      round.version,
      changes,
      { userId: actor.userId, at },
    );
    if (!result.ok) {
      if (result.reason === 'not-found') throw new NotFoundError();
      throw new HttpError(409, 'The round has moved on since you loaded the page');
    }
    await recordAudit(
      trx,
      actor,
      { action: `round.sign_off.${action}`, objectType: 'assessment_round', objectId: round.id },
      now,
    );
    return result.row;
  });
}
