/**
 * Review tasks and improvement actions: listing (one review or the whole partnership, filtered),
 * adding, editing over the version read, and append-only progress notes.
 */
import type { Kysely } from 'kysely';
import type { ActionKind, ActionStatus, ActionTable, Database, Rag } from '../../db/schema.js';
import { updateVersioned } from '../../db/versioned.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { accessFor, listReviews, type SaveResult } from '../reviews/reviews.service.js';
import * as repo from './actions.repository.js';
import { completedAt, isOverdue, toAction, type Action, type ActionFilter } from './actions.model.js';
import { listFindings } from './findings.service.js';
import { withFreshNumber } from './numbering.js';
import {
  canChange,
  frameworkOf,
  markerChoices,
  requireChange,
  reviewFor,
  type FrameworkCatalogue,
  type PartnershipActor,
  type Review,
} from './review-context.service.js';

type Db = Kysely<Database>;

export type { Action, ActionFilter };

export interface ActionInput {
  kind: ActionKind;
  title: string;
  description: string;
  findingId: string | null;
  markerKey: string | null;
  ownerUserId: string | null;
  ownerName: string;
  agencies: string[];
  dueDate: string | null;
  status: ActionStatus;
  rag: Rag | null;
  supportingEvidence: string;
  criticalFriendComment: string;
  impactWhatChanged: string;
  impactHowWeKnow: string;
}

/** Actions of some reviews, narrowed by the filter. No permission check: callers make it. */
export async function listActionsOf(
  db: Db,
  organisationId: string,
  reviewIds: string[],
  filter: ActionFilter = {},
  today?: string,
): Promise<Action[]> {
  const rows = await repo.listActions(db, organisationId, {
    reviewIds,
    status: filter.status,
    ownerName: filter.owner,
    dueBefore: filter.dueBefore,
    overdueOn: filter.overdue && today ? today : undefined,
  });
  const actions = rows.map(toAction);
  return filter.agency ? actions.filter((a) => a.agencies.includes(filter.agency!)) : actions;
}

/** One review's actions. No permission check: callers make it. */
export function listActions(db: Db, organisationId: string, reviewId: string, filter: ActionFilter = {}, today?: string) {
  return listActionsOf(db, organisationId, [reviewId], filter, today);
}

/** The owners and agencies in use, to filter by. */
async function filterChoices(db: Db, organisationId: string, reviewIds: string[]) {
  const rows = await repo.ownersAndAgencies(db, organisationId, reviewIds);
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b, 'en-GB'));
  return {
    owners: sorted(new Set(rows.map((r) => r.owner_name).filter(Boolean))),
    agencies: sorted(new Set(rows.flatMap((r) => toAction({ ...(r as ActionTable) }).agencies))),
  };
}

function withOverdue(actions: Action[], today: string, editable: (a: Action) => boolean) {
  return actions.map((a) => ({ ...a, overdue: isOverdue(a, today), canChange: editable(a) }));
}

/** A review's actions page; the read is audited. */
export async function reviewActionsPage(db: Db, actor: PartnershipActor, reviewId: string, filter: ActionFilter, today: string) {
  const review = await reviewFor(db, actor, reviewId);
  const [actions, choices] = await Promise.all([
    listActions(db, actor.organisationId, reviewId, filter, today),
    filterChoices(db, actor.organisationId, [reviewId]),
  ]);
  await recordAudit(db, actor, { action: 'review.actions_viewed', objectType: 'review', objectId: reviewId });
  const editable = canChange(review);
  return { review, actions: withOverdue(actions, today, () => editable), choices, canChange: editable };
}

/** Which of the partnership's reviews the person sees, and which of those they may change. */
export async function visibleReviews(db: Db, actor: PartnershipActor) {
  const [reviews, roles] = await Promise.all([
    listReviews(db, actor),
    repo.reviewRolesOf(db, actor.organisationId, actor.userId),
  ]);
  const roleOf = new Map(roles.map((r) => [r.review_id, r.role]));
  const editable = new Set(
    reviews.filter((r) => accessFor(actor.partnershipRole, roleOf.get(r.id) ?? null).canEdit).map((r) => r.id),
  );
  return { ids: reviews.map((r) => r.id), editable };
}

/** Every action across the reviews the person may see; the read is audited. */
export async function partnershipActionsPage(db: Db, actor: PartnershipActor, filter: ActionFilter, today: string) {
  const { ids, editable } = await visibleReviews(db, actor);
  const [actions, choices] = await Promise.all([
    listActionsOf(db, actor.organisationId, ids, filter, today),
    filterChoices(db, actor.organisationId, ids),
  ]);
  await recordAudit(db, actor, { action: 'actions.listed', detail: { reviews: ids.length } });
  const rows = withOverdue(actions, today, (a) => editable.has(a.review_id));
  return { actions: rows, choices, canChange: editable.size > 0 };
}

async function getAction(db: Db, actor: PartnershipActor, review: Review, actionId: string): Promise<Action> {
  const row = await repo.findAction(db, actor.organisationId, actionId);
  if (!row || row.review_id !== review.id) throw new NotFoundError();
  return toAction(row);
}

/** One action with its finding, marker and progress notes; the read is audited. */
export async function actionPage(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  reviewId: string,
  actionId: string,
  today: string,
) {
  const review = await reviewFor(db, actor, reviewId);
  const action = await getAction(db, actor, review, actionId);
  const [progress, findings, framework] = await Promise.all([
    repo.progressOf(db, actor.organisationId, action.id),
    listFindings(db, actor.organisationId, review.id),
    frameworkOf(db, catalogue, review),
  ]);
  await recordAudit(db, actor, { action: 'action.viewed', objectType: 'action', objectId: action.id });
  return {
    review,
    action: { ...action, overdue: isOverdue(action, today) },
    progress,
    finding: findings.find((f) => f.id === action.finding_id),
    marker: markerChoices(framework).find((m) => m.key === action.marker_key),
    canChange: canChange(review),
  };
}

/** What the add and edit forms offer: the review's findings, its framework's markers, the partnership's people. */
export async function actionFormPage(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  reviewId: string,
  actionId?: string,
) {
  const review = await reviewFor(db, actor, reviewId);
  requireChange(review);
  const action = actionId ? await getAction(db, actor, review, actionId) : undefined;
  const [findings, framework, people] = await Promise.all([
    listFindings(db, actor.organisationId, review.id),
    frameworkOf(db, catalogue, review),
    repo.partnershipPeople(db, actor.organisationId),
  ]);
  return { review, action, findings, markers: markerChoices(framework), people };
}

export type ActionFormPage = Awaited<ReturnType<typeof actionFormPage>>;

/** The stored row's fields from the input, after checking its choices were those offered. */
export function rowFields(page: Pick<ActionFormPage, 'findings' | 'markers' | 'people'>, input: ActionInput) {
  const person = input.ownerUserId ? page.people.find((p) => p.id === input.ownerUserId) : undefined;
  if (input.ownerUserId && !person) throw new HttpError(400, 'Choose an owner from the list');
  if (input.findingId && !page.findings.some((f) => f.id === input.findingId)) throw new HttpError(400, 'Choose a finding from the list');
  if (input.markerKey && !page.markers.some((m) => m.key === input.markerKey)) throw new HttpError(400, 'Choose a marker from the list');
  const improvement = input.kind === 'improvement';
  return {
    kind: input.kind,
    title: input.title,
    description: input.description,
    finding_id: improvement ? input.findingId : null,
    marker_key: improvement ? null : input.markerKey,
    owner_user_id: person?.id ?? null,
    owner_name: person?.name ?? input.ownerName,
    agencies: JSON.stringify(improvement ? input.agencies : []),
    due_date: input.dueDate,
    status: input.status,
    rag: input.rag,
    supporting_evidence: improvement ? input.supportingEvidence : '',
    critical_friend_comment: improvement ? input.criticalFriendComment : '',
    impact_what_changed: improvement ? input.impactWhatChanged : '',
    impact_how_we_know: improvement ? input.impactHowWeKnow : '',
  };
}

/** Adds actions to a review in one transaction, numbered after those it has. */
export async function insertNumberedActions(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  fields: ReturnType<typeof rowFields>[],
  now: Date,
  audit: { action: string; detail?: Record<string, string | number> },
): Promise<ActionTable[]> {
  const at = now.toISOString();
  return withFreshNumber(() =>
    db.transaction().execute(async (trx) => {
      const first = await repo.nextActionNumber(trx, actor.organisationId, reviewId);
      const rows: ActionTable[] = fields.map((f, i) => ({
        ...f,
        id: newId(now.getTime()),
        organisation_id: actor.organisationId,
        review_id: reviewId,
        number: first + i,
        completed_at: completedAt(f.status, null, at),
        version: 1,
        created_at: at,
        created_by: actor.userId,
        updated_at: at,
        updated_by: actor.userId,
      }));
      if (rows.length) await repo.insertActions(trx, rows);
      const objectId = rows.length === 1 ? rows[0]!.id : reviewId;
      await recordAudit(trx, actor, { ...audit, objectType: rows.length === 1 ? 'action' : 'review', objectId }, now);
      return rows;
    }),
  );
}

export async function addAction(db: Db, page: ActionFormPage, actor: PartnershipActor, input: ActionInput, now = new Date()) {
  requireChange(page.review);
  const [row] = await insertNumberedActions(db, actor, page.review.id, [rowFields(page, input)], now, {
    action: 'action.added',
    detail: { kind: input.kind },
  });
  return row!;
}

/** Saves over the version read; when someone else saved first nothing changes and theirs comes back. */
export async function updateAction(
  db: Db,
  page: ActionFormPage,
  actor: PartnershipActor,
  version: number,
  input: ActionInput,
  now = new Date(),
): Promise<SaveResult<Action>> {
  requireChange(page.review);
  const before = page.action;
  if (!before) throw new NotFoundError();
  const at = now.toISOString();
  const fields = rowFields(page, { ...input, kind: before.kind });
  return db.transaction().execute(async (trx): Promise<SaveResult<Action>> => {
    const current = await repo.findAction(trx, actor.organisationId, before.id);
    const result = await updateVersioned(
      trx,
      'action',
      { id: before.id, organisationId: actor.organisationId },
      version,
      { ...fields, completed_at: completedAt(fields.status, current?.completed_at ?? null, at), updated_at: at, updated_by: actor.userId },
      { userId: actor.userId, at },
    );
    if (!result.ok) {
      if (result.reason === 'not-found') throw new NotFoundError();
      return { ok: false, conflict: toAction(result.current) };
    }
    await recordAudit(
      trx,
      actor,
      { action: 'action.updated', objectType: 'action', objectId: before.id, detail: { version: Number(result.row.version) } },
      now,
    );
    return { ok: true, record: toAction(result.row) };
  });
}

/** Progress notes are only ever added, each with who wrote it and when. */
export async function addProgressNote(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  actionId: string,
  note: string,
  now = new Date(),
) {
  const review = await reviewFor(db, actor, reviewId);
  requireChange(review);
  const action = await getAction(db, actor, review, actionId);
  await db.transaction().execute(async (trx) => {
    const id = newId(now.getTime());
    await repo.insertProgress(trx, {
      id,
      organisation_id: actor.organisationId,
      action_id: action.id,
      note,
      created_at: now.toISOString(),
      created_by: actor.userId,
    });
    await recordAudit(trx, actor, { action: 'action.progress_added', objectType: 'action', objectId: action.id }, now);
  });
}

/** The review, checked readable, for pages that need only that. */
export async function reviewOf(db: Db, actor: PartnershipActor, reviewId: string, opts: { change?: boolean } = {}) {
  const review = await reviewFor(db, actor, reviewId);
  if (opts.change) requireChange(review);
  return review;
}
