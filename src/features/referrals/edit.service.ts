/**
 * Changing a referral's details after it is recorded (issue 18 §2): the same rules as recording one, the
 * date received kept before everything recorded since, and once the referral has become a review only an
 * admin may change them, with a recorded reason (as for its decision, decision.service.ts). Audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import type { FieldErrors } from '../../lib/forms.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import * as repo from './referrals.repository.js';
import { LIMITS } from './referrals.options.js';
import { checkReferral, type ReferralInput } from './referrals.rules.js';
import { InvalidInputError, requireManage, saveReferralAt } from './referrals.service.js';

type Db = Kysely<Database>;
type Found = NonNullable<Awaited<ReturnType<typeof repo.findReferral>>>;

export interface DetailsInput extends Omit<ReferralInput, 'route'> {
  /** Required once the referral has become a review; otherwise ignored. */
  changeReason: string | null;
}

/** The dates recorded since the referral came in, which the date received cannot pass. */
function laterDates(found: Found, requestedOn: string[]): [string, string][] {
  const dates: [string, string | null][] = [
    ['the rapid review meeting', found.meeting_on],
    ['the date sent to the Panel', found.submitted_on],
    ['the Panel’s response', found.panel_response_on],
    ['the decision', found.decided_on],
    ...requestedOn.map((d): [string, string] => ['the first agency summary request', d]),
  ];
  return dates.filter((d): d is [string, string] => !!d[1]).sort((a, b) => a[1].localeCompare(b[1]));
}

/** May the person change this referral's details, and must they give a reason? 403 if not theirs to change. */
export async function detailsAccess(db: Db, actor: PartnershipActor, found: Pick<Found, 'review_id'>) {
  const access = await requireManage(db, actor);
  if (found.review_id && !access.isAdmin) {
    throw new HttpError(
      403,
      'The review has started: only a partnership admin can change these details, with a reason',
    );
  }
  return { needsReason: !!found.review_id };
}

export async function updateReferralDetails(
  db: Db,
  actor: PartnershipActor,
  id: string,
  version: number,
  input: DetailsInput,
  now: Date,
  today: string,
  formErrors: FieldErrors = {},
) {
  const found = await repo.findReferral(db, actor.organisationId, id);
  if (!found) throw new NotFoundError();
  const { needsReason } = await detailsAccess(db, actor, found);
  const errors = { ...checkReferral({ ...input, route: found.route }, today) };
  const requested = (await repo.requestsOf(db, actor.organisationId, id)).map((q) => q.requested_on);
  const first = laterDates(found, requested)[0];
  if (!errors.receivedOn && input.receivedOn && first && input.receivedOn > first[1]) {
    errors.receivedOn = `Date received must be the same as or before ${first[0]}`;
  }
  if (needsReason) {
    if (!input.changeReason) errors.changeReason = 'Enter why the details are changing now that the review has started';
    else if (input.changeReason.length > LIMITS.changeReason) {
      errors.changeReason = `The reason for the change must be ${LIMITS.changeReason} characters or fewer`;
    }
  }
  Object.assign(errors, formErrors);
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
  const changes = {
    received_on: input.receivedOn,
    aware_on: found.route === 'serious-incident-notification' ? input.awareOn : null,
    source_agency: input.sourceAgency,
    subject_pseudonym: input.subjectPseudonym,
    criteria: JSON.stringify(input.criteria),
  };
  const changed = Object.keys(changes).filter(
    (k) => changes[k as keyof typeof changes] !== found[k as keyof typeof changes],
  );
  await saveReferralAt(
    db,
    actor,
    id,
    version,
    { ...changes, ...(needsReason ? { details_change_reason: input.changeReason } : {}) },
    { action: 'referral.details_changed', detail: { fields: changed.join(','), withReason: needsReason } },
    now,
  );
}
