/**
 * The partnership's written response to a review (the Board written response marker): drafted and
 * saved over the version read, agreed by the chair or a partnership admin (then locked until reopened),
 * every earlier version kept in `revision`. It lists the improvement actions it commits to.
 */
import type { Kysely } from 'kysely';
import type { Database, WrittenResponseTable } from '../../db/schema.js';
import { updateVersioned } from '../../db/versioned.js';
import { HttpError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { listActions } from './actions.service.js';
import * as repo from './response.repository.js';
import { canAgree, canChange, requireChange, reviewFor } from './review-context.service.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

export interface WrittenResponse extends WrittenResponseTable {
  /** The improvement actions it commits to */
  actionIds: string[];
}

export type ResponseOutcome =
  { ok: true; response: WrittenResponse } | { ok: false; conflict: WrittenResponse } | { ok: false; error: string };

/** The review's written response, or undefined before anyone saved one. No permission check: callers make it. */
export async function getWrittenResponse(
  db: Db,
  organisationId: string,
  reviewId: string,
): Promise<WrittenResponse | undefined> {
  const row = await repo.findResponse(db, organisationId, reviewId);
  if (!row) return undefined;
  const ids = await repo.committedActionIds(db, organisationId, row.id);
  return { ...row, version: Number(row.version), actionIds: ids.map((r) => r.action_id) };
}

function blank(organisationId: string, reviewId: string): WrittenResponse {
  return {
    id: '',
    organisation_id: organisationId,
    review_id: reviewId,
    text: '',
    status: 'draft',
    agreed_at: null,
    agreed_by: null,
    version: 0,
    updated_at: '',
    updated_by: null,
    actionIds: [],
  };
}

/** The response page: the response (or a blank draft), the actions it may commit to, its history. */
export async function responsePage(db: Db, actor: PartnershipActor, reviewId: string) {
  const review = await reviewFor(db, actor, reviewId);
  const response =
    (await getWrittenResponse(db, actor.organisationId, reviewId)) ?? blank(actor.organisationId, reviewId);
  const [actions, history, names] = await Promise.all([
    listActions(db, actor.organisationId, reviewId),
    response.id ? repo.revisionsOfResponse(db, actor.organisationId, response.id) : Promise.resolve([]),
    repo.userNames(
      db,
      [response.agreed_by, response.updated_by].filter((v): v is string => Boolean(v)),
    ),
  ]);
  await recordAudit(db, actor, { action: 'review.response_viewed', objectType: 'review', objectId: reviewId });
  const nameOf = (id: string | null) => names.find((n) => n.id === id)?.name ?? null;
  return {
    review,
    response,
    agreedByName: nameOf(response.agreed_by),
    updatedByName: nameOf(response.updated_by),
    improvementActions: actions.filter((a) => a.kind === 'improvement'),
    history: history.map((h) => ({
      ...h,
      version: Number(h.version),
      record: JSON.parse(h.data) as WrittenResponseTable,
    })),
    canChange: canChange(review) && response.status === 'draft',
    canAgree: canAgree(review, actor),
  };
}

async function current(db: Db, actor: PartnershipActor, reviewId: string) {
  return (await getWrittenResponse(db, actor.organisationId, reviewId)) ?? blank(actor.organisationId, reviewId);
}

/** Saves the draft over the version read (0: never saved). An agreed response must be reopened first. */
export async function saveResponse(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  version: number,
  input: { text: string; actionIds: string[] },
  now = new Date(),
): Promise<ResponseOutcome> {
  const review = await reviewFor(db, actor, reviewId);
  requireChange(review);
  const improvement = new Set(
    (await listActions(db, actor.organisationId, reviewId)).filter((a) => a.kind === 'improvement').map((a) => a.id),
  );
  if (input.actionIds.some((id) => !improvement.has(id))) throw new HttpError(400, 'Choose actions from the list');
  const at = now.toISOString();
  const outcome = await db.transaction().execute(async (trx): Promise<ResponseOutcome> => {
    const existing = await repo.findResponse(trx, actor.organisationId, reviewId);
    let id: string;
    if (!existing) {
      id = newId(now.getTime());
      const row = {
        ...blank(actor.organisationId, reviewId),
        id,
        text: input.text,
        version: 1,
        updated_at: at,
        updated_by: actor.userId,
      };
      const { actionIds: _ignored, ...table } = row;
      if (version !== 0 || !(await repo.insertResponse(trx, table)))
        return { ok: false, conflict: blank(actor.organisationId, reviewId) };
    } else {
      // Agreed since the person opened it: they see it locked, with their text kept beside it.
      if (existing.status === 'agreed') return { ok: false, conflict: blank(actor.organisationId, reviewId) };
      const result = await updateVersioned(
        trx,
        'written_response',
        { id: existing.id, organisationId: actor.organisationId },
        version,
        { text: input.text, updated_at: at, updated_by: actor.userId },
        { userId: actor.userId, at },
      );
      if (!result.ok) return { ok: false, conflict: blank(actor.organisationId, reviewId) };
      id = existing.id;
    }
    await repo.setCommittedActions(trx, actor.organisationId, id, input.actionIds);
    await recordAudit(
      trx,
      actor,
      {
        action: 'written_response.saved',
        objectType: 'review',
        objectId: reviewId,
        detail: { actions: input.actionIds.length },
      },
      now,
    );
    return { ok: true, response: blank(actor.organisationId, reviewId) };
  });
  if ('conflict' in outcome || outcome.ok) {
    const latest = await current(db, actor, reviewId);
    return outcome.ok ? { ok: true, response: latest } : { ok: false, conflict: latest };
  }
  return outcome;
}

/** Agrees the draft (or reopens an agreed response): the chair or a partnership admin, over the version read. */
export async function setResponseAgreed(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  version: number,
  agree: boolean,
  now = new Date(),
): Promise<ResponseOutcome> {
  const review = await reviewFor(db, actor, reviewId);
  if (!canAgree(review, actor))
    throw new HttpError(403, 'Only the review’s chair or a partnership admin agrees the written response');
  const existing = await current(db, actor, reviewId);
  if (existing.version !== version) return { ok: false, conflict: existing };
  if (agree && !existing.text.trim()) return { ok: false, error: 'Write the response and save it before agreeing it' };
  if (existing.status === (agree ? 'agreed' : 'draft')) return { ok: false, conflict: existing };
  const at = now.toISOString();
  const result = await db.transaction().execute(async (trx) => {
    const saved = await updateVersioned(
      trx,
      'written_response',
      { id: existing.id, organisationId: actor.organisationId },
      version,
      agree
        ? { status: 'agreed', agreed_at: at, agreed_by: actor.userId, updated_at: at, updated_by: actor.userId }
        : { status: 'draft', agreed_at: null, agreed_by: null, updated_at: at, updated_by: actor.userId },
      { userId: actor.userId, at },
    );
    if (saved.ok) {
      await recordAudit(
        trx,
        actor,
        {
          action: agree ? 'written_response.agreed' : 'written_response.reopened',
          objectType: 'review',
          objectId: reviewId,
        },
        now,
      );
    }
    return saved.ok;
  });
  const latest = await current(db, actor, reviewId);
  return result ? { ok: true, response: latest } : { ok: false, conflict: latest };
}
