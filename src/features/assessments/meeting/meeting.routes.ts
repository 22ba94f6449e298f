import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList, field, hasErrors, rawField, type FieldErrors } from '../../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { toAnswer, toStatus } from '../records/assessments.form.js';
import { markerIds, meetingPage, type MarkerParams } from '../records/marker-page.service.js';
import {
  acceptableJudgement,
  answerProblem,
  isMarkerStatus,
  judgementNeeded,
  rationaleNeeded,
  reasonChanged,
  progressChanged,
  tooLong,
} from '../records/marker-records.rules.js';
import { saveAnswer, saveMarkerRecord } from '../records/marker-records.service.js';
import { versionFrom } from '../../../lib/versions.js';

type Go = 'next' | 'previous' | 'stay';

const goOf = (body: unknown): Go => {
  const go = field(body, 'go');
  return go === 'previous' || go === 'stay' ? go : 'next';
};

/**
 * Meeting mode: one marker for a panel meeting, one question at a time in large text, saving each
 * answer as the discussion happens, then the decision and its rationale. With an agenda in the URL
 * (see agenda.routes.ts), it goes on to the next marker on the agenda. Works with links and
 * buttons alone; with JavaScript, n / p and the arrow keys move between questions.
 */
export const meetingRoutes: FastifyPluginAsync = async (app) => {
  const catalogue = app.frameworks;
  const path = '/reviews/:id/rounds/:roundId/markers/:markerKey/meeting';
  const guard = { preHandler: requireAuth() };

  const render = (reply: FastifyReply, status: number, ctx: object) =>
    reply.code(status).view('assessments/meeting/meeting.njk', ctx);

  app.get<{ Params: MarkerParams; Querystring: { q?: string; saved?: string } }>(
    path,
    guard,
    async (request, reply) => {
      const { params, query } = request;
      const ctx = await meetingPage(app.db, partnershipActor(request), catalogue, params, query.q, query);
      return render(reply, 200, { ...ctx, saved: query.saved === '1' });
    },
  );

  app.post<{ Params: MarkerParams; Querystring: { q?: string } }>(path, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const p = request.params;
    const step = field(request.body, 'q') || request.query.q;
    const ctx = await meetingPage(app.db, actor, catalogue, p, step, request.query);
    const body = request.body;
    const version = versionFrom(field(body, 'version'));
    const errors: FieldErrors = {};

    if (ctx.question) {
      const values = { answer: field(body, 'answer'), note: rawField(body, 'note').trim() };
      const original = { answer: field(body, 'original-answer'), note: rawField(body, 'original-note').trim() };
      const badAnswer = answerProblem(values.answer);
      if (badAnswer) errors.answer = badAnswer;
      const longNote = tooLong('Notes', values.note);
      if (longNote) errors.note = longNote;
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
    if (!isMarkerStatus(values.status)) errors.status = 'Select how far the work on this marker has got';
    const needed = judgementNeeded(values, progressChanged(values, original));
    if (!acceptableJudgement(values.judgement, original.judgement, scaleKeys)) errors.judgement = 'Select a judgement';
    else if (needed) errors.judgement = needed;
    const longRationale = tooLong('Rationale', values.rationale);
    if (longRationale) errors.rationale = longRationale;
    const reason = longRationale ? undefined : rationaleNeeded(values, reasonChanged(values, original));
    if (reason) errors.rationale = reason;
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
