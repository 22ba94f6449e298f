/**
 * Adding and changing actions: the stored fields from a form or an imported row, numbering within the
 * review, saving over the version read, and append-only progress notes.
 */
import type { Kysely } from 'kysely';
import type { ActionTable, Database } from '../../db/schema.js';
import { updateVersioned } from '../../db/versioned.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import type { SaveResult } from '../reviews/reviews.service.js';
import * as repo from './actions.repository.js';
import { completedAt, toAction, type Action } from './actions.model.js';
import { encodeAgencies } from './agencies.js';
import { getAction, type ActionFormPage, type ActionInput } from './actions.service.js';
import { withFreshNumber } from './numbering.js';
import { requireChange, reviewFor } from './review-context.service.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;
/** The stored row's fields from the input, after checking its choices were those offered. */
export function rowFields(page: Pick<ActionFormPage, 'findings' | 'markers' | 'people'>, input: ActionInput) {
  const person = input.ownerUserId ? page.people.find((p) => p.id === input.ownerUserId) : undefined;
  if (input.ownerUserId && !person) throw new HttpError(400, 'Choose an owner from the list');
  if (input.findingId && !page.findings.some((f) => f.id === input.findingId))
    throw new HttpError(400, 'Choose a finding from the list');
  if (input.markerKey && !page.markers.some((m) => m.key === input.markerKey))
    throw new HttpError(400, 'Choose a marker from the list');
  const improvement = input.kind === 'improvement';
  return {
    kind: input.kind,
    title: input.title,
    description: input.description,
    finding_id: improvement ? input.findingId : null,
    marker_key: improvement ? null : input.markerKey,
    owner_user_id: person?.id ?? null,
    owner_name: person?.name ?? input.ownerName,
    agencies: encodeAgencies(improvement ? input.agencies : []),
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

export async function addAction(
  db: Db,
  page: ActionFormPage,
  actor: PartnershipActor,
  input: ActionInput,
  now = new Date(),
) {
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
      {
        ...fields,
        completed_at: completedAt(fields.status, current?.completed_at ?? null, at),
        updated_at: at,
        updated_by: actor.userId,
      },
      { userId: actor.userId, at },
    );
    if (!result.ok) {
      if (result.reason === 'not-found') throw new NotFoundError();
      return { ok: false, conflict: toAction(result.current) };
    }
    await recordAudit(
      trx,
      actor,
      {
        action: 'action.updated',
        objectType: 'action',
        objectId: before.id,
        detail: { version: Number(result.row.version) },
      },
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
