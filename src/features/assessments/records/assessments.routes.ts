import type { FastifyPluginAsync } from 'fastify';
import { errorList, field, hasErrors } from '../../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { parseMarkerForm, toAnswer, toStatus } from './assessments.form.js';
import { ROUND_PAGE_LABELS } from './assessments.options.js';
import { markerIds, markerPage, markerUrl, type MarkerParams } from './marker-page.service.js';
import { saveMarkerForm } from './marker-records.service.js';
import { overviewMemoKey, roundOverview } from '../rounds/overview.service.js';

type RoundParams = { id: string; roundId: string };
const labels = ROUND_PAGE_LABELS;

/** A round's page and the per-marker quality record, as pages that work without JavaScript. */
export const assessmentsRoutes: FastifyPluginAsync = async (app) => {
  const catalogue = app.frameworks;
  const guard = { preHandler: requireAuth() };
  const markerPath = '/reviews/:id/rounds/:roundId/markers/:markerKey';

  app.get<{ Params: RoundParams }>('/reviews/:id/rounds/:roundId', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const overview = await roundOverview(app.db, actor, request.params.id, request.params.roundId, catalogue);
    return reply.view('assessments/rounds/round.njk', { ...overview, labels }, { memoKey: overviewMemoKey(overview) });
  });

  app.get<{ Params: MarkerParams }>(markerPath, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const page = await markerPage(app.db, actor, catalogue, request.params);
    const query = request.query as Record<string, unknown>;
    // Arriving by "Save and continue" names the marker just saved.
    const from = page.framework.stages.flatMap((s) => s.markers).find((m) => m.key === query.from);
    return reply.view('assessments/records/marker.njk', { ...page, saved: 'saved' in query, savedMarker: from });
  });

  app.post<{ Params: MarkerParams }>(markerPath, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const ctx = await markerPage(app.db, actor, catalogue, request.params);
    const form = parseMarkerForm(
      request.body,
      ctx.marker,
      ctx.round.scaleOptions.map((o) => o.key),
      ctx.team.map((m) => m.user_id),
    );
    if (hasErrors(form.errors)) {
      return reply.code(400).view('assessments/records/marker.njk', {
        ...ctx,
        form,
        errors: form.errors,
        errorSummary: errorList(form.errors),
      });
    }
    const ids = markerIds(request.params);
    const v = form.record.value;
    const o = form.record.original;
    const record = form.record.changed
      ? {
          version: form.record.version,
          changes: {
            ...(v.judgement !== o.judgement ? { judgement: v.judgement } : {}),
            ...(v.status !== o.status ? { status: toStatus(v.status) } : {}),
            ...(v.rationale !== o.rationale ? { rationale: v.rationale } : {}),
            ...(v.owner !== o.owner ? { owner_user_id: v.owner || null } : {}),
          },
        }
      : undefined;
    const answers = form.questions
      .filter((x) => x.edit.changed)
      .map((q) => ({
        questionKey: q.key,
        version: q.edit.version,
        changes: { answer: toAnswer(q.edit.value.answer), note: q.edit.value.note },
      }));
    // All or nothing: when any part is stale, nothing is saved and the form comes back as typed.
    const result = await saveMarkerForm(app.db, actor, ids, record, answers, app.now());
    if (!result.ok) {
      const fresh = await markerPage(app.db, actor, catalogue, request.params);
      return reply.code(409).view('assessments/records/marker.njk', {
        ...fresh,
        form,
        conflicts: {
          ...result.conflicts.answers,
          ...(result.conflicts.record ? { record: result.conflicts.record } : {}),
        },
      });
    }
    if (field(request.body, 'continue')) {
      const next = ctx.nextMarker
        ? `${ctx.continueUrl}?from=${encodeURIComponent(request.params.markerKey)}`
        : ctx.continueUrl;
      return reply.redirect(next, 303);
    }
    return reply.redirect(`${markerUrl(request.params)}?saved`, 303);
  });
};
