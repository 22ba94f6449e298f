/**
 * Review tasks and improvement actions: reading them (one review or the whole partnership, filtered),
 * one action's page, and what the add and edit forms offer. Changes are in actions-edit.service.ts.
 */
import type { Kysely } from 'kysely';
import type { ActionKind, ActionStatus, Database, Rag } from '../../db/schema.js';
import { NotFoundError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { authorize } from '../reviews/policy.js';
import { listReviews, type Review } from '../reviews/reviews.service.js';
import * as repo from './actions.repository.js';
import {
  compareReferences,
  filterChoicesOf,
  isOverdue,
  toAction,
  type Action,
  type ActionFilter,
} from './actions.model.js';
import { listFindings } from './findings.service.js';
import { canChange, frameworkOf, markerChoices, requireChange, reviewFor } from './review-context.service.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';

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
  const actions = rows.map(toAction).sort(byReviewThenNumber);
  return filter.agency ? actions.filter((a) => a.agencies.includes(filter.agency!)) : actions;
}

const byReviewThenNumber = (a: Action, b: Action) =>
  compareReferences(a.reviewReference ?? '', b.reviewReference ?? '') || a.number - b.number;

/** One review's actions. No permission check: callers make it. */
export function listActions(
  db: Db,
  organisationId: string,
  reviewId: string,
  filter: ActionFilter = {},
  today?: string,
) {
  return listActionsOf(db, organisationId, [reviewId], filter, today);
}

/** The owners and agencies in use, to filter by. */
async function filterChoices(db: Db, organisationId: string, reviewIds: string[]) {
  const rows = await repo.ownersAndAgencies(db, organisationId, reviewIds);
  return filterChoicesOf(
    rows.map((r) => r.owner_name),
    rows.map((r) => r.agencies),
  );
}

function withOverdue(actions: Action[], today: string, editable: (a: Action) => boolean) {
  return actions.map((a) => ({ ...a, overdue: isOverdue(a, today), canChange: editable(a) }));
}

/** A review's actions page; the read is audited. */
export async function reviewActionsPage(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  filter: ActionFilter,
  today: string,
) {
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
    reviews.filter((r) => authorize(actor, 'review.manage', { reviewRole: roleOf.get(r.id) ?? null })).map((r) => r.id),
  );
  return { ids: reviews.map((r) => r.id), editable };
}

export async function getAction(db: Db, actor: PartnershipActor, review: Review, actionId: string): Promise<Action> {
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
  opts: { audit?: boolean } = {},
) {
  const review = await reviewFor(db, actor, reviewId);
  requireChange(review);
  const action = actionId ? await getAction(db, actor, review, actionId) : undefined;
  if (action && opts.audit !== false) {
    await recordAudit(db, actor, { action: 'action.viewed', objectType: 'action', objectId: action.id });
  }
  const [findings, framework, people] = await Promise.all([
    listFindings(db, actor.organisationId, review.id),
    frameworkOf(db, catalogue, review),
    repo.partnershipPeople(db, actor.organisationId),
  ]);
  return { review, action, findings, markers: markerChoices(framework), people };
}

export type ActionFormPage = Awaited<ReturnType<typeof actionFormPage>>;

/** The review, checked readable, for pages that need only that. */
export async function reviewOf(db: Db, actor: PartnershipActor, reviewId: string, opts: { change?: boolean } = {}) {
  const review = await reviewFor(db, actor, reviewId);
  if (opts.change) requireChange(review);
  return review;
}

// For other features' reports: the words for the kinds and statuses of findings and actions.
export { ACTION_KINDS, ACTION_STATUSES, FINDING_KINDS } from './actions.options.js';
