import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../../lib/errors.js';
import { field } from '../../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { ANSWERS, MARKER_STATUSES } from '../records/assessments.options.js';
import { markerHistory, restoreVersion } from './history.service.js';
import { frameworkOfRound, labelsOf } from '../rounds/overview.service.js';
import { versionFrom } from '../../../lib/versions.js';

type MarkerParams = { id: string; roundId: string; markerKey: string };

/** Every earlier version of a marker's record and answers, and restoring one. */
export const historyRoutes: FastifyPluginAsync = async (app) => {
  const base = '/reviews/:id/rounds/:roundId/markers/:markerKey/history';

  /** The history page; with an error when a restore found the marker changed since the page was opened. */
  async function show(request: FastifyRequest<{ Params: MarkerParams }>, reply: FastifyReply, problem?: string) {
    const actor = partnershipActor(request);
    const p = request.params;
    const history = await markerHistory(app.db, actor, { reviewId: p.id, roundId: p.roundId, markerKey: p.markerKey });
    const framework = await frameworkOfRound(app.db, actor, history.review, history.round, app.frameworks);
    const marker = framework.stages.flatMap((s) => s.markers).find((m) => m.key === p.markerKey);
    return reply.code(problem ? 409 : 200).view('assessments/history/history.njk', {
      ...history,
      marker,
      judgementLabels: labelsOf(history.round),
      labels: { answers: ANSWERS, statuses: MARKER_STATUSES },
      errorSummary: problem ? [{ text: problem, href: '#history-heading' }] : [],
    });
  }

  app.get<{ Params: MarkerParams }>(base, { preHandler: requireAuth() }, async (request, reply) =>
    show(request, reply),
  );

  app.post<{ Params: MarkerParams }>(`${base}/restore`, { preHandler: requireAuth() }, async (request, reply) => {
    const p = request.params;
    const kind = field(request.body, 'kind') === 'question' ? 'question' : 'record';
    const changed = await restoreVersion(
      app.db,
      partnershipActor(request),
      { reviewId: p.id, roundId: p.roundId, markerKey: p.markerKey },
      {
        kind,
        questionKey: field(request.body, 'questionKey') || undefined,
        version: versionFrom(field(request.body, 'version')),
        currentVersion: versionFrom(field(request.body, 'currentVersion')),
      },
      app.now(),
    ).then(
      () => undefined,
      (error: unknown) => {
        // A change since the page was opened, or the round locked meanwhile: the history again, as it is
        // now, with the error, rather than a page that leads nowhere.
        if (error instanceof HttpError && error.statusCode === 409) return error.message;
        throw error;
      },
    );
    if (changed) return show(request, reply, changed);
    return reply.redirect(`/reviews/${p.id}/rounds/${p.roundId}/markers/${p.markerKey}?saved`, 303);
  });
};
