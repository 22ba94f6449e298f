/**
 * The referral register (issue 18 §2): referrals and notifications received, and who may see and change
 * them. The children's rapid review is rapid-review.service.ts, decisions decision.service.ts. Audited.
 */
import type { Kysely } from 'kysely';
import type { Database, ReferralTable } from '../../db/schema.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import type { FieldErrors } from '../../lib/forms.js';
import { newId } from '../../lib/ids.js';
import { addWorkingDays } from '../../lib/working-days.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import { recordAudit, type AuditEntry } from '../audit/audit.service.js';
import { authorize } from '../reviews/policy.js';
import { strongestReviewRole } from '../reviews/team.service.js';
import * as repo from './referrals.repository.js';
import {
  NOT_TAKEN_FORWARD,
  NOTICES,
  RAPID_REVIEW_WORKING_DAYS,
  type Outcome,
  type Stage,
  UNDECIDED_REFERRAL,
} from './referrals.options.js';
import { checkReferral, type ReferralInput } from './referrals.rules.js';

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

/**
 * Saves a change to the referral at the version read, with its audit event (by default naming the fields
 * given); a stale version is a 409 and nothing is saved.
 */
export async function saveReferralAt(
  db: Db,
  actor: PartnershipActor,
  id: string,
  version: number,
  changes: Partial<ReferralTable>,
  audit: Pick<AuditEntry, 'action' | 'detail'>,
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
    const detail = audit.detail ?? { fields: Object.keys(changes).join(',') };
    await recordAudit(trx, actor, { action: audit.action, objectType: 'referral', objectId: id, detail }, now);
  });
}

export interface RegisterAccess {
  canManage: boolean;
  isAdmin: boolean;
}

/** What the policy judges a person's register access by: their strongest role on any review (admins need none). */
async function registerResource(db: Db, actor: PartnershipActor) {
  const reviewRole =
    actor.partnershipRole === 'admin' ? null : await strongestReviewRole(db, actor.organisationId, actor.userId);
  return { reviewRole };
}

/** Whether the person may open the register at all: the navigation links to it only for them. */
export async function mayOpenRegister(db: Db, actor: PartnershipActor): Promise<boolean> {
  return authorize(actor, 'referral.see', await registerResource(db, actor));
}

/** What the person may do in the register; 403 when they may not read it. */
export async function registerAccess(db: Db, actor: PartnershipActor): Promise<RegisterAccess> {
  const resource = await registerResource(db, actor);
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
    ...UNDECIDED_REFERRAL,
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
