import type { Kysely } from 'kysely';
import type { CommentTable, Database } from '../../../db/schema.js';
import { updateVersioned } from '../../../db/versioned.js';
import { HttpError, NotFoundError } from '../../../lib/errors.js';
import { newId } from '../../../lib/ids.js';
import { recordAudit } from '../../audit/audit.service.js';
import type { MarkerRecordView, Saved } from '../records/marker-records.service.js';
import * as repo from './comments.repository.js';
import { writableMarker, type MarkerIds } from '../../evidence/evidence.service.js';
import type { PartnershipActor } from '../../../plugins/auth.js';
import { teamOf } from '../../reviews/reviews.service.js';

type Db = Kysely<Database>;

/**
 * The discussion thread on a marker: challenge and answers, as the Governance marker asks. Anyone who
 * can change the review can comment and resolve or reopen; only the author edits their own comment,
 * and every edit is versioned so nothing is overwritten unseen.
 */

export interface CommentItem {
  id: string;
  body: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
  editedAt: string | null;
  resolvedAt: string | null;
  resolvedByName: string | null;
  version: number;
  mine: boolean;
  /** The name of the person on the team it is addressed to, if anyone; `toMe` when that is the viewer */
  addressedToName: string | null;
  toMe: boolean;
}

/** The thread, oldest first. Takes the view getMarkerRecord() returned, which has checked access. */
export async function listComments(
  db: Db,
  actor: PartnershipActor,
  view: Pick<MarkerRecordView, 'round' | 'record'>,
): Promise<CommentItem[]> {
  const rows = await repo.listComments(db, actor.organisationId, {
    roundId: view.round.id,
    markerKey: view.record.marker_key,
  });
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    authorId: r.author_id,
    authorName: r.author_name,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    resolvedAt: r.resolved_at,
    resolvedByName: r.resolver_name,
    version: Number(r.version),
    mine: r.author_id === actor.userId,
    addressedToName: r.addressed_to ? (r.addressee_name ?? 'a former member') : null,
    toMe: r.addressed_to === actor.userId,
  }));
}

async function findComment(db: Db, actor: PartnershipActor, ids: MarkerIds, commentId: string) {
  const row = await repo.findComment(db, actor.organisationId, ids, commentId);
  if (!row) throw new NotFoundError();
  return row;
}

/** Checks the person may take part in the thread (403), and that the round is not locked (409). */
export async function requireCanComment(db: Db, actor: PartnershipActor, ids: MarkerIds) {
  await writableMarker(db, actor, ids);
}

export async function addComment(
  db: Db,
  actor: PartnershipActor,
  ids: MarkerIds,
  comment: { body: string; addressedTo: string | null },
  now = new Date(),
): Promise<CommentTable> {
  const { record } = await writableMarker(db, actor, ids);
  if (comment.addressedTo && !(await teamOf(db, actor, ids.reviewId)).some((m) => m.user_id === comment.addressedTo)) {
    throw new HttpError(400, 'A comment can be addressed only to someone on the review’s team');
  }
  const row: CommentTable = {
    id: newId(now.getTime()),
    organisation_id: actor.organisationId,
    round_id: ids.roundId,
    marker_key: record.marker_key,
    body: comment.body,
    addressed_to: comment.addressedTo,
    author_id: actor.userId,
    created_at: now.toISOString(),
    edited_at: null,
    resolved_at: null,
    resolved_by: null,
    version: 1,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertComment(trx, actor.organisationId, row);
    await recordAudit(
      trx,
      actor,
      {
        action: 'comment.added',
        objectType: 'comment',
        objectId: row.id,
        detail: row.addressed_to ? { addressedTo: row.addressed_to } : undefined,
      },
      now,
    );
  });
  return row;
}

/** One's own comment, to edit. */
export async function getOwnComment(db: Db, actor: PartnershipActor, ids: MarkerIds, commentId: string) {
  await writableMarker(db, actor, ids);
  const row = await findComment(db, actor, ids, commentId);
  if (row.author_id !== actor.userId) throw new HttpError(403, 'You can only edit your own comments');
  return row;
}

/**
 * Saves an edit made to the version the person read. A change meanwhile that left the text as they
 * saw it (someone resolved the comment) is not a conflict; a change to the text is, and then nothing
 * is saved and the caller gets the current comment to show beside theirs.
 */
export async function editComment(
  db: Db,
  actor: PartnershipActor,
  ids: MarkerIds,
  commentId: string,
  edit: { version: number; body: string; originalBody: string },
  now = new Date(),
): Promise<Saved<CommentTable>> {
  await getOwnComment(db, actor, ids, commentId);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const save = (version: number) =>
      updateVersioned(
        trx,
        'comment',
        { id: commentId, organisationId: actor.organisationId },
        version,
        { body: edit.body, edited_at: at },
        { userId: actor.userId, at },
      );
    let result = await save(edit.version);
    if (!result.ok && result.reason === 'conflict' && result.current.body === edit.originalBody) {
      result = await save(Number(result.current.version));
    }
    if (!result.ok) {
      if (result.reason === 'not-found') throw new NotFoundError();
      return { ok: false, conflict: result.current };
    }
    await recordAudit(trx, actor, { action: 'comment.edited', objectType: 'comment', objectId: commentId }, now);
    return { ok: true, record: result.row };
  });
}

/**
 * Checks the person may take part in the thread (403; another partnership's or an unknown review is
 * 404), that the round is not locked (409), and that the comment is on this marker (404): the checks of
 * every write here, made even when a request asks for no change.
 */
export async function requireCommentToChange(db: Db, actor: PartnershipActor, ids: MarkerIds, commentId: string) {
  await writableMarker(db, actor, ids);
  return findComment(db, actor, ids, commentId);
}

/** Marks a comment resolved, or reopens it; anyone who can change the review may. */
export async function setResolved(
  db: Db,
  actor: PartnershipActor,
  ids: MarkerIds,
  commentId: string,
  resolved: boolean,
  now = new Date(),
): Promise<void> {
  await writableMarker(db, actor, ids);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await findComment(trx, actor, ids, commentId);
      if (Boolean(current.resolved_at) === resolved) return;
      const result = await updateVersioned(
        trx,
        'comment',
        { id: commentId, organisationId: actor.organisationId },
        Number(current.version),
        resolved ? { resolved_at: at, resolved_by: actor.userId } : { resolved_at: null, resolved_by: null },
        { userId: actor.userId, at },
      );
      if (result.ok) {
        await recordAudit(
          trx,
          actor,
          { action: resolved ? 'comment.resolved' : 'comment.reopened', objectType: 'comment', objectId: commentId },
          now,
        );
        return;
      }
      if (result.reason === 'not-found') throw new NotFoundError();
    }
    throw new HttpError(409, 'Someone else changed this comment at the same time: try again');
  });
}
