import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList, field, hasErrors, rawField, type FieldErrors } from '../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { MAX_TEXT, toAnswer, toStatus } from './assessments.form.js';
import {
  acceptableJudgement,
  ANSWERS,
  isJudged,
  judgementNeededMessage,
  MARKER_STATUSES,
  needsJudgement,
} from './assessments.options.js';
import { getMarkerRecord, saveAnswer, saveMarkerRecord } from './marker-records.service.js';
import { markerIds, markerUrl, type MarkerParams } from './evidence.routes.js';
import { frameworkOfRound, labelsOf, type FrameworkCatalogue } from './overview.service.js';
import { versionFrom } from '../../lib/versions.js';

type Actor = ReturnType<typeof partnershipActor>;
type Go = 'next' | 'previous' | 'stay';

/** The step asked for: 1…n are the questions, n + 1 is the decision. Anything else is the first question. */
function stepOf(raw: unknown, total: number): number {
  const n = Number(typeof raw === 'string' ? raw : '');
  return Number.isInteger(n) && n >= 1 && n <= total + 1 ? n : 1;
}

const goOf = (body: unknown): Go => {
  const go = field(body, 'go');
  return go === 'previous' || go === 'stay' ? go : 'next';
};

const tooLong = (what: string) => `${what} must be ${MAX_TEXT.toLocaleString('en-GB')} characters or fewer`;

/**
 * Meeting mode: one marker for a panel meeting, one question at a time in large text, saving each
 * answer as the discussion happens, then the decision and its rationale. Works with links and
 * buttons alone; with JavaScript, n / p and the arrow keys move between questions.
 */
export const meetingRoutes: FastifyPluginAsync<{ catalogue: FrameworkCatalogue }> = async (app, { catalogue }) => {
  const path = '/reviews/:id/rounds/:roundId/markers/:markerKey/meeting';
  const guard = { preHandler: requireAuth() };

  const load = async (p: MarkerParams, actor: Actor, rawStep: unknown) => {
    const view = await getMarkerRecord(app.db, actor, p.id, p.roundId, p.markerKey);
    const framework = await frameworkOfRound(app.db, actor, view.review, view.round, catalogue);
    const markers = framework.stages.flatMap((s) => s.markers);
    const index = markers.findIndex((m) => m.key === p.markerKey);
    const marker = markers[index];
    if (!marker) return null;
    const total = marker.questions.length;
    const step = stepOf(rawStep, total);
    const question = step <= total ? marker.questions[step - 1] : undefined;
    const url = (n: number) => `${markerUrl(p)}/meeting?q=${n}`;
    return {
      ...view,
      marker,
      nextMarker: markers[index + 1],
      step,
      total,
      question,
      response: question ? view.responses.find((r) => r.question_key === question.key) : undefined,
      answers: marker.questions.map((q, i) => ({
        number: i + 1,
        text: q.text,
        response: view.responses.find((r) => r.question_key === q.key),
      })),
      urls: {
        marker: markerUrl(p),
        round: `/reviews/${p.id}/rounds/${p.roundId}`,
        self: url(step),
        previous: step > 1 ? url(step - 1) : null,
        next: step <= total ? url(step + 1) : null,
        at: url,
        nextMarker: markers[index + 1]
          ? `/reviews/${p.id}/rounds/${p.roundId}/markers/${markers[index + 1]!.key}/meeting?q=1`
          : null,
      },
      readOnly: view.round.locked || !view.review.access.canEdit,
      labels: { answers: ANSWERS, statuses: MARKER_STATUSES },
      judgementLabels: labelsOf(view.round),
    };
  };

  const render = (reply: FastifyReply, status: number, ctx: object) =>
    reply.code(status).view('assessments/meeting.njk', ctx);

  app.get<{ Params: MarkerParams; Querystring: { q?: string; saved?: string } }>(
    path,
    guard,
    async (request, reply) => {
      const ctx = await load(request.params, partnershipActor(request), request.query.q);
      if (!ctx) return reply.callNotFound();
      return render(reply, 200, { ...ctx, saved: request.query.saved === '1' });
    },
  );

  app.post<{ Params: MarkerParams; Querystring: { q?: string } }>(path, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const p = request.params;
    const ctx = await load(p, actor, field(request.body, 'q') || request.query.q);
    if (!ctx) return reply.callNotFound();
    const body = request.body;
    const version = versionFrom(field(body, 'version'));
    const errors: FieldErrors = {};

    if (ctx.question) {
      const values = { answer: field(body, 'answer'), note: rawField(body, 'note').trim() };
      const original = { answer: field(body, 'original-answer'), note: rawField(body, 'original-note').trim() };
      if (values.answer && !(values.answer in ANSWERS)) errors.answer = 'Select an answer';
      if (values.note.length > MAX_TEXT) errors.note = tooLong('Notes');
      if (hasErrors(errors)) {
        return render(reply, 400, { ...ctx, values, errors, errorSummary: errorList(errors, { answer: 'answer' }) });
      }
      if (values.answer !== original.answer || values.note !== original.note) {
        const ids = { ...markerIds(p), questionKey: ctx.question.key };
        const changes = { answer: toAnswer(values.answer), note: values.note };
        const result = await saveAnswer(app.db, actor, ids, version, changes, app.now());
        if (!result.ok) return render(reply, 409, { ...ctx, values, theirs: result.conflict });
      }
      const go = goOf(body);
      const to = go === 'stay' ? ctx.step : go === 'previous' ? Math.max(1, ctx.step - 1) : ctx.step + 1;
      return reply.redirect(ctx.urls.at(to), 303);
    }

    // The decision, its rationale and how far the work on the marker has got.
    // A form loaded before the step offered progress sends none: its progress stays as it was.
    const originalStatus = field(body, 'original-status') || ctx.record.status;
    const values = {
      judgement: field(body, 'judgement'),
      rationale: rawField(body, 'rationale').trim(),
      status: field(body, 'status') || originalStatus,
    };
    const original = {
      judgement: field(body, 'original-judgement'),
      rationale: rawField(body, 'original-rationale').trim(),
      status: originalStatus,
    };
    const scaleKeys = ctx.round.scaleOptions.map((o) => o.key);
    const progressChanged = values.judgement !== original.judgement || values.status !== original.status;
    if (!(values.status in MARKER_STATUSES)) errors.status = 'Select how far the work on this marker has got';
    if (!acceptableJudgement(values.judgement, original.judgement, scaleKeys)) errors.judgement = 'Select a judgement';
    else if (!errors.status && progressChanged && needsJudgement(values.status) && !isJudged(values.judgement))
      errors.judgement = judgementNeededMessage(values.status);
    if (values.rationale.length > MAX_TEXT) errors.rationale = tooLong('Rationale');
    if (hasErrors(errors)) {
      return render(reply, 400, {
        ...ctx,
        values,
        errors,
        errorSummary: errorList(errors, { judgement: 'judgement', status: 'status' }),
      });
    }
    const changes = {
      ...(values.judgement !== original.judgement ? { judgement: values.judgement } : {}),
      ...(values.rationale !== original.rationale ? { rationale: values.rationale } : {}),
      ...(values.status !== original.status ? { status: toStatus(values.status) } : {}),
    };
    if (Object.keys(changes).length) {
      const result = await saveMarkerRecord(app.db, actor, markerIds(p), version, changes, app.now());
      if (!result.ok) return render(reply, 409, { ...ctx, values, theirs: result.conflict });
    }
    const to = goOf(body) === 'previous' ? ctx.urls.at(ctx.total) : `${ctx.urls.self}&saved=1`;
    return reply.redirect(to, 303);
  });
};
