import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList, hasErrors } from '../../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { parseCommentEditForm, parseCommentForm, parseResolveAction } from './comments.form.js';
import {
  addComment,
  editComment,
  getOwnComment,
  requireCanComment,
  requireCommentToChange,
  setResolved,
} from './comments.service.js';
import { markerIds, markerPage, markerUrl, type MarkerParams } from '../records/marker-page.service.js';
import { teamFor } from '../rounds/overview.service.js';

type CommentParams = MarkerParams & { commentId: string };
type Actor = ReturnType<typeof partnershipActor>;

/** The discussion thread on a marker: add, edit one's own (versioned), resolve and reopen. */
export const commentsRoutes: FastifyPluginAsync = async (app) => {
  const base = '/reviews/:id/rounds/:roundId/markers/:markerKey/comments';
  const guard = { preHandler: requireAuth() };

  const show = async (reply: FastifyReply, status: number, p: MarkerParams, actor: Actor, extra: object) =>
    reply
      .code(status)
      .view('assessments/records/marker.njk', { ...(await markerPage(app.db, actor, app.frameworks, p)), ...extra });

  app.post<{ Params: MarkerParams }>(base, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const p = request.params;
    await requireCanComment(app.db, actor, markerIds(p));
    const team = (await teamFor(app.db, actor, p.id)).map((m) => m.user_id);
    const form = parseCommentForm(request.body, team);
    if (hasErrors(form.errors)) {
      return show(reply, 400, p, actor, {
        commentForm: form,
        errorSummary: errorList(form.errors, { body: 'comment-body', addressedTo: 'comment-addressed-to' }),
      });
    }
    const { body, addressedTo } = form.values;
    const comment = await addComment(
      app.db,
      actor,
      markerIds(p),
      { body, addressedTo: addressedTo || null },
      app.now(),
    );
    return reply.redirect(`${markerUrl(p)}#comment-${comment.id}`, 303);
  });

  app.get<{ Params: CommentParams }>(`${base}/:commentId/edit`, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const p = request.params;
    const comment = await getOwnComment(app.db, actor, markerIds(p), p.commentId);
    return show(reply, 200, p, actor, {
      commentEdit: {
        id: comment.id,
        values: { body: comment.body },
        version: comment.version,
        originalBody: comment.body,
      },
    });
  });

  app.post<{ Params: CommentParams }>(`${base}/:commentId`, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const p = request.params;
    await getOwnComment(app.db, actor, markerIds(p), p.commentId);
    const form = parseCommentEditForm(request.body);
    if (hasErrors(form.errors)) {
      return show(reply, 400, p, actor, {
        commentEdit: { id: p.commentId, ...form },
        errorSummary: errorList(form.errors, { body: 'comment-edit-body' }),
      });
    }
    const result = await editComment(
      app.db,
      actor,
      markerIds(p),
      p.commentId,
      {
        version: form.version,
        body: form.values.body,
        originalBody: form.originalBody,
      },
      app.now(),
    );
    if (!result.ok) {
      // Both versions shown; the form now names their version, so saving again keeps the person's text.
      const theirs = result.conflict;
      return show(reply, 409, p, actor, {
        commentEdit: {
          id: p.commentId,
          values: form.values,
          version: theirs.version,
          originalBody: theirs.body,
          theirs,
        },
      });
    }
    return reply.redirect(`${markerUrl(p)}#comment-${p.commentId}`, 303);
  });

  app.post<{ Params: CommentParams }>(`${base}/:commentId/resolve`, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const p = request.params;
    const action = parseResolveAction(request.body);
    // A form asking for neither changes nothing, but gets the same answer as one that asks: 403 or 404
    // for those who may not resolve this comment, the redirect for those who may.
    if (action) await setResolved(app.db, actor, markerIds(p), p.commentId, action === 'resolve', app.now());
    else await requireCommentToChange(app.db, actor, markerIds(p), p.commentId);
    return reply.redirect(`${markerUrl(p)}#comment-${p.commentId}`, 303);
  });
};
