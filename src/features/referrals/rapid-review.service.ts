/**
 * A children's rapid review kept on its referral: its details, the agency summaries asked for (due in
 * working days), and whom the decision was told to. Every change is at the version read, and audited.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import type { FieldErrors } from '../../lib/forms.js';
import { newId } from '../../lib/ids.js';
import { addWorkingDays } from '../../lib/working-days.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './referrals.repository.js';
import { NOTICES } from './referrals.options.js';
import {
  checkRapidReview,
  checkRequest,
  checkRequestUpdate,
  type RapidReviewInput,
  type RequestInput,
  type RequestUpdate,
} from './referrals.rules.js';

import { InvalidInputError, requireManage, saveReferralAt } from './referrals.service.js';

type Db = Kysely<Database>;

/** A referral the person may change: 404 for another partnership's, 403 for a reader. */
async function manageable(db: Db, actor: PartnershipActor, id: string) {
  const access = await requireManage(db, actor);
  const found = await repo.findReferral(db, actor.organisationId, id);
  if (!found) throw new NotFoundError();
  return { access, found };
}
/** A child's referral the person may change: an adult's has no rapid review (400). */
async function childReferral(db: Db, actor: PartnershipActor, id: string) {
  const { found } = await manageable(db, actor, id);
  if (found.route !== 'serious-incident-notification') {
    throw new HttpError(400, 'An adult’s referral has no rapid review');
  }
  return found;
}

export async function saveRapidReview(
  db: Db,
  actor: PartnershipActor,
  id: string,
  version: number,
  input: RapidReviewInput,
  now: Date,
  today: string,
  formErrors: FieldErrors = {},
) {
  const found = await childReferral(db, actor, id);
  const errors = { ...checkRapidReview(input, found.received_on, today), ...formErrors };
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
  await saveReferralAt(
    db,
    actor,
    id,
    version,
    {
      safety_actions: input.safetyActions,
      meeting_on: input.meetingOn,
      submitted_on: input.submittedOn,
      panel_response_on: input.panelResponseOn,
      panel_response: input.panelResponse,
    },
    { action: 'referral.rapid_review_saved' },
    now,
  );
}

export async function addRequest(
  db: Db,
  actor: PartnershipActor,
  id: string,
  input: RequestInput,
  now: Date,
  today: string,
  formErrors: FieldErrors = {},
): Promise<string> {
  const found = await childReferral(db, actor, id);
  const errors = { ...checkRequest(input, found.received_on, today), ...formErrors };
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
  const requestId = newId(now.getTime());
  await db.transaction().execute(async (trx) => {
    await repo.insertRequest(trx, {
      id: requestId,
      organisation_id: actor.organisationId,
      referral_id: id,
      agency: input.agency,
      requested_on: input.requestedOn,
      due_on: addWorkingDays(input.requestedOn, input.workingDays),
      chased_on: null,
      received_on: null,
      created_at: now.toISOString(),
    });
    await recordAudit(
      trx,
      actor,
      { action: 'referral.summary_requested', objectType: 'referral', objectId: id, detail: { request: requestId } },
      now,
    );
  });
  return requestId;
}

export async function updateRequest(
  db: Db,
  actor: PartnershipActor,
  id: string,
  requestId: string,
  input: RequestUpdate,
  now: Date,
  today: string,
  formErrors: FieldErrors = {},
) {
  await manageable(db, actor, id);
  const request = await repo.findRequest(db, actor.organisationId, id, requestId);
  if (!request) throw new NotFoundError();
  const errors = { ...checkRequestUpdate(input, request.requested_on, today), ...formErrors };
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
  await db.transaction().execute(async (trx) => {
    await repo.updateRequest(trx, actor.organisationId, id, requestId, {
      chased_on: input.chasedOn,
      received_on: input.receivedOn,
    });
    await recordAudit(
      trx,
      actor,
      { action: 'referral.summary_updated', objectType: 'referral', objectId: id, detail: { request: requestId } },
      now,
    );
  });
}

export type NoticeDates = Record<(typeof NOTICES)[number]['key'], string | null>;

export async function recordNotices(
  db: Db,
  actor: PartnershipActor,
  id: string,
  version: number,
  dates: NoticeDates,
  now: Date,
  today: string,
  formErrors: FieldErrors = {},
) {
  const { found } = await manageable(db, actor, id);
  if (found.route !== 'serious-incident-notification' || !found.outcome || !found.decided_on) {
    throw new HttpError(400, 'Record the decision on a child’s notification before telling anyone of it');
  }
  const errors: FieldErrors = {};
  for (const n of NOTICES) {
    if (formErrors[n.key]) continue;
    const value = dates[n.key];
    if (!value) continue;
    if (value > today) errors[n.key] = `The date for “${n.text}” must be today or in the past`;
    else if (value < found.decided_on)
      errors[n.key] = `The date for “${n.text}” must be the same as or after the decision`;
  }
  Object.assign(errors, formErrors);
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
  await saveReferralAt(
    db,
    actor,
    id,
    version,
    { told_panel_on: dates.panel, told_ofsted_on: dates.ofsted, told_dfe_on: dates.dfe },
    { action: 'referral.notices_recorded' },
    now,
  );
}
