/**
 * A referral's decision (issue 18 §2): the outcome with its reasons and criteria, who decided and when. A
 * decision to review starts the review through the reviews service, in the same transaction as the
 * decision, and links it to the referral; referral_conversion's primary key refuses a second review for
 * the same referral even when two decisions race. Once the review exists, only an admin may change the
 * decision, and only with a recorded reason.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import type { FieldErrors } from '../../lib/forms.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import { recordAudit } from '../audit/audit.service.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { frameworksFor, pickFramework } from '../reviews/frameworks-choice.service.js';
import { createReviewIn, DEFAULT_FRAMEWORK, REVIEW_TYPES } from '../reviews/reviews.service.js';
import * as repo from './referrals.repository.js';
import { REVIEW_TYPE_OF, type Outcome } from './referrals.options.js';
import { checkDecision, type DecisionInput } from './referrals.rules.js';
import { InvalidInputError, requireManage, StaleReferralError } from './referrals.service.js';

type Db = Kysely<Database>;

/** The referral already became a review: a second conversion is refused. */
export class AlreadyConvertedError extends HttpError {
  constructor() {
    super(409, 'This referral has already been converted to a review');
    this.name = 'AlreadyConvertedError';
  }
}

/** The new review's reference: the kind, the date received and part of the referral's id, so it is unique. */
export function reviewReferenceFor(type: 'local-cspr' | 'sar', receivedOn: string, referralId: string): string {
  return `${type === 'sar' ? 'SAR' : 'LCSPR'}/${receivedOn}/${referralId.slice(-6).toUpperCase()}`;
}

export interface DecisionResult {
  /** The review the decision started now, if it started one. */
  reviewId: string | null;
}

export async function recordDecision(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  id: string,
  version: number | null,
  input: DecisionInput,
  now: Date,
  today: string,
  formErrors: FieldErrors = {},
): Promise<DecisionResult> {
  const access = await requireManage(db, actor);
  const found = await repo.findReferral(db, actor.organisationId, id);
  if (!found) throw new NotFoundError();
  // A decision made on a version someone has since changed (or converted) is refused before anything else.
  if (version !== null && version !== found.version) throw new StaleReferralError();
  const errors = checkDecision(
    input,
    { route: found.route, receivedOn: found.received_on, awareOn: found.aware_on },
    today,
  );
  if (found.review_id) {
    if (!access.isAdmin) {
      throw new HttpError(
        403,
        'The review has started: only a partnership admin can change this decision, with a reason',
      );
    }
    if (!input.changeReason) errors.changeReason = 'Enter why the decision is changing now that the review has started';
  }
  Object.assign(errors, formErrors);
  if (Object.keys(errors).length) throw new InvalidInputError(errors);

  const reviewType = REVIEW_TYPE_OF[input.outcome as Outcome];
  const visible = reviewType ? await frameworksFor(db, actor, catalogue) : undefined;
  const framework = reviewType && visible ? pickFramework(visible, DEFAULT_FRAMEWORK[reviewType]!) : undefined;

  try {
    return await db.transaction().execute(async (trx) => {
      const at = now.toISOString();
      // The update comes first: it holds the referral's row, so a decision racing this one waits here.
      const ok = await repo.updateReferral(trx, actor.organisationId, id, version ?? found.version, {
        outcome: input.outcome,
        reasons: input.reasons,
        decision_criteria: JSON.stringify(input.criteria),
        decided_on: input.decidedOn,
        decided_by_role: input.decidedByRole,
        decision_change_reason: input.changeReason,
        updated_at: at,
        updated_by: actor.userId,
      });
      if (!ok) throw new StaleReferralError();
      const converted = await repo.conversionOf(trx, actor.organisationId, id);
      if (converted && !found.review_id) throw new AlreadyConvertedError();
      await recordAudit(
        trx,
        actor,
        {
          action: found.outcome ? 'referral.decision_changed' : 'referral.decided',
          objectType: 'referral',
          objectId: id,
          detail: { outcome: input.outcome, previous: found.outcome, withReason: !!input.changeReason },
        },
        now,
      );
      if (!reviewType || converted) return { reviewId: null };
      if (!framework) throw new HttpError(500, 'The default framework for the review is missing', false);
      const children = found.route === 'serious-incident-notification';
      const review = await createReviewIn(
        trx,
        actor,
        {
          reference: reviewReferenceFor(reviewType, found.received_on, id),
          title: `${REVIEW_TYPES[reviewType]}: ${found.subject_pseudonym}`,
          subjectPseudonym: found.subject_pseudonym,
          type: reviewType,
          method: 'systems',
          methodOther: null,
        },
        framework,
        now,
        {
          keyDates: children
            ? {
                awareness_date: found.aware_on,
                notification_date: found.received_on,
                rapid_review_date: found.submitted_on,
                panel_response_date: found.panel_response_on,
                decision_date: input.decidedOn,
              }
            : // An adult's clock runs from the s44 referral to the decision (reviews/clocks/table.ts).
              { referral_date: found.received_on, decision_date: input.decidedOn },
          agencies: await agenciesText(trx, actor.organisationId, id, found.source_agency),
        },
      );
      await repo.insertConversion(trx, {
        referral_id: id,
        organisation_id: actor.organisationId,
        review_id: review.id,
        created_at: at,
        created_by: actor.userId,
      });
      await recordAudit(
        trx,
        actor,
        { action: 'referral.converted', objectType: 'referral', objectId: id, detail: { review: review.id } },
        now,
      );
      return { reviewId: review.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AlreadyConvertedError();
    throw err;
  }
}

/** The agencies the new review starts with: the referrer and every agency asked for a summary. */
async function agenciesText(
  db: Parameters<typeof repo.requestsOf>[0],
  organisationId: string,
  id: string,
  source: string,
) {
  const requested = (await repo.requestsOf(db, organisationId, id)).map((r) => r.agency);
  const agencies = [...new Set([source, ...requested])];
  return agencies.map((a) => `- ${a}`).join('\n');
}
