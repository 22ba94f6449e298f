import type { FastifyPluginAsync } from 'fastify';
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

  app.get<{ Params: MarkerParams }>(base, { preHandler: requireAuth() }, async (request, reply) => {
    const actor = partnershipActor(request);
    const p = request.params;
    const history = await markerHistory(app.db, actor, { reviewId: p.id, roundId: p.roundId, markerKey: p.markerKey });
    const framework = await frameworkOfRound(app.db, actor, history.review, history.round, app.frameworks);
    const marker = framework.stages.flatMap((s) => s.markers).find((m) => m.key === p.markerKey);
    return reply.view('assessments/history/history.njk', {
      ...history,
      marker,
      judgementLabels: labelsOf(history.round),
      labels: { answers: ANSWERS, statuses: MARKER_STATUSES },
    });
  });

  app.post<{ Params: MarkerParams }>(`${base}/restore`, { preHandler: requireAuth() }, async (request, reply) => {
    const p = request.params;
    const kind = field(request.body, 'kind') === 'question' ? 'question' : 'record';
    await restoreVersion(
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
    );
    return reply.redirect(`/reviews/${p.id}/rounds/${p.roundId}/markers/${p.markerKey}?saved`, 303);
  });
};
