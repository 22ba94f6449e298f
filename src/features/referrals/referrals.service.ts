/**
 * The referral register (issue 18 §2): referrals and notifications received, the children's rapid review,
 * and who may see and change them. Decisions are decision.service.ts. Every change is audited.
 */
import type { Kysely } from 'kysely';
import type { Database, ReferralTable } from '../../db/schema.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import type { FieldErrors } from '../../lib/forms.js';
import { newId } from '../../lib/ids.js';
import { addWorkingDays } from '../../lib/working-days.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import { recordAudit } from '../audit/audit.service.js';
import { authorize, referralRoleOf } from '../reviews/policy.js';
import * as repo from './referrals.repository.js';
import {
  NOT_TAKEN_FORWARD,
  NOTICES,
  RAPID_REVIEW_WORKING_DAYS,
  type Outcome,
  type Stage,
} from './referrals.options.js';
import {
  checkRapidReview,
  checkReferral,
  checkRequest,
  checkRequestUpdate,
  type RapidReviewInput,
  type ReferralInput,
  type RequestInput,
  type RequestUpdate,
} from './referrals.rules.js';

type Db = Kysely<Database>;

/** Input the rules refused: the messages by field, for the form or the API to show. */
export class InvalidInputError extends HttpError {
  constructor(readonly errors: FieldErrors) {
    super(400, Object.values(errors).join('; '));
    this.name = 'InvalidInputError';
  }
}

/** Someone changed the referral first: nothing was saved. */
export class StaleReferralError extends HttpError {
  constructor() {
    super(409, 'Someone else changed this referral while you were working on it: nothing was saved');
    this.name = 'StaleReferralError';
  }
}

export interface RegisterAccess {
  canManage: boolean;
  isAdmin: boolean;
}

/** What the person may do in the register; 403 when they may not read it. */
export async function registerAccess(db: Db, actor: PartnershipActor): Promise<RegisterAccess> {
  const roles =
    actor.partnershipRole === 'admin' ? [] : await repo.reviewRolesOf(db, actor.organisationId, actor.userId);
  const resource = { reviewRole: referralRoleOf(roles) };
  if (!authorize(actor, 'referral.see', resource)) {
    throw new HttpError(403, 'Only partnership admins and people running the partnership’s reviews can see referrals');
  }
  return { canManage: authorize(actor, 'referral.manage', resource), isAdmin: actor.partnershipRole === 'admin' };
}

export async function requireManage(db: Db, actor: PartnershipActor): Promise<RegisterAccess> {
  const access = await registerAccess(db, actor);
  if (!access.canManage) throw new HttpError(403, 'You can read referrals but not change them');
  return access;
}

type Found = NonNullable<Awaited<ReturnType<typeof repo.findReferral>>>;

export function stageOf(r: Pick<Found, 'review_id' | 'outcome' | 'route'>): Stage {
  if (r.review_id) return 'converted';
  if (!r.outcome) return r.route === 'serious-incident-notification' ? 'rapid-review' : 'awaiting-decision';
  return NOT_TAKEN_FORWARD.includes(r.outcome as Outcome) ? 'not-taken-forward' : 'other';
}

const parseJson = <T>(text: string | null, empty: T): T => (text ? (JSON.parse(text) as T) : empty);

/** A referral as pages and the API read it. */
export function referralView(r: Found, today: string) {
  const children = r.route === 'serious-incident-notification';
  return {
    ...r,
    stage: stageOf(r),
    criteriaAnswers: parseJson<Record<string, string>>(r.criteria, {}),
    decisionCriteria: parseJson<Record<string, string>>(r.decision_criteria, {}),
    rapidReviewDue: children ? addWorkingDays(r.received_on, RAPID_REVIEW_WORKING_DAYS) : null,
    rapidReviewOverdue:
      children && !r.submitted_on && !r.outcome && today > addWorkingDays(r.received_on, RAPID_REVIEW_WORKING_DAYS),
    notices:
      children && r.outcome
        ? NOTICES.map((n) => {
            const due = addWorkingDays(r.received_on, RAPID_REVIEW_WORKING_DAYS);
            const done = r[n.column];
            return { ...n, done, due, overdue: !done && today > due };
          })
        : [],
  };
}
export type ReferralView = ReturnType<typeof referralView>;

export async function listRegister(
  db: Db,
  actor: PartnershipActor,
  filters: { route?: string; stage?: string },
  today: string,
) {
  const access = await registerAccess(db, actor);
  const rows = await repo.listReferrals(db, actor.organisationId, filters.route || undefined);
  const referrals = rows.map((r) => referralView(r, today)).filter((r) => !filters.stage || r.stage === filters.stage);
  return { access, referrals };
}

/** One referral of the person's partnership, with its rapid review's agency requests; another's is 404. */
export async function getReferral(
  db: Db,
  actor: PartnershipActor,
  id: string,
  today: string,
  opts: { audit?: boolean } = {},
) {
  const access = await registerAccess(db, actor);
  const found = await repo.findReferral(db, actor.organisationId, id);
  if (!found) throw new NotFoundError();
  const requests = (await repo.requestsOf(db, actor.organisationId, id)).map((q) => ({
    ...q,
    overdue: !q.received_on && today > q.due_on,
    late: !!q.received_on && q.received_on > q.due_on,
  }));
  if (opts.audit !== false) {
    await recordAudit(db, actor, { action: 'referral.viewed', objectType: 'referral', objectId: id });
  }
  return { access, referral: referralView(found, today), requests };
}

/** A referral the person may change: 404 for another partnership's, 403 for a reader. */
async function manageable(db: Db, actor: PartnershipActor, id: string) {
  const access = await requireManage(db, actor);
  const found = await repo.findReferral(db, actor.organisationId, id);
  if (!found) throw new NotFoundError();
  return { access, found };
}

export async function createReferral(
  db: Db,
  actor: PartnershipActor,
  input: ReferralInput,
  now: Date,
  today: string,
  formErrors: FieldErrors = {},
) {
  await requireManage(db, actor);
  const errors = { ...checkReferral(input, today), ...formErrors };
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
  const at = now.toISOString();
  const row: ReferralTable = {
    id: newId(now.getTime()),
    organisation_id: actor.organisationId,
    route: input.route,
    received_on: input.receivedOn,
    aware_on: input.route === 'serious-incident-notification' ? input.awareOn : null,
    source_agency: input.sourceAgency,
    subject_pseudonym: input.subjectPseudonym,
    criteria: JSON.stringify(input.criteria),
    safety_actions: null,
    meeting_on: null,
    submitted_on: null,
    panel_response_on: null,
    panel_response: null,
    outcome: null,
    reasons: null,
    decision_criteria: null,
    decided_on: null,
    decided_by_role: null,
    decision_change_reason: null,
    told_panel_on: null,
    told_ofsted_on: null,
    told_dfe_on: null,
    version: 1,
    created_at: at,
    created_by: actor.userId,
    updated_at: at,
    updated_by: actor.userId,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertReferral(trx, row);
    await recordAudit(
      trx,
      actor,
      { action: 'referral.created', objectType: 'referral', objectId: row.id, detail: { route: row.route } },
      now,
    );
  });
  return row;
}

/** Saves a change to the referral at the version read, with its audit event; a stale version is a 409. */
async function saveAt(
  db: Db,
  actor: PartnershipActor,
  id: string,
  version: number,
  changes: Partial<ReferralTable>,
  action: string,
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const ok = await repo.updateReferral(trx, actor.organisationId, id, version, {
      ...changes,
      updated_at: at,
      updated_by: actor.userId,
    });
    if (!ok) throw new StaleReferralError();
    await recordAudit(
      trx,
      actor,
      { action, objectType: 'referral', objectId: id, detail: { fields: Object.keys(changes).join(',') } },
      now,
    );
  });
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
  const { found } = await manageable(db, actor, id);
  if (found.route !== 'serious-incident-notification')
    throw new HttpError(400, 'An adult’s referral has no rapid review');
  const errors = { ...checkRapidReview(input, found.received_on, today), ...formErrors };
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
  await saveAt(
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
    'referral.rapid_review_saved',
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
) {
  const { found } = await manageable(db, actor, id);
  if (found.route !== 'serious-incident-notification')
    throw new HttpError(400, 'An adult’s referral has no rapid review');
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
  await saveAt(
    db,
    actor,
    id,
    version,
    { told_panel_on: dates.panel, told_ofsted_on: dates.ofsted, told_dfe_on: dates.dfe },
    'referral.notices_recorded',
    now,
  );
}
