import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList, hasErrors, type FieldErrors } from '../../lib/forms.js';
import { formatDateTime } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { LONG_TEXT_LIMIT } from './actions.options.js';
import { reviewOf } from './actions.service.js';
import { parseResponse, versionOf } from './findings.form.js';
import { responsePage, saveResponse, setResponseAgreed, type ResponseOutcome } from './response.service.js';

type IdParams = { id: string };

const DONE: Record<string, string> = {
  saved: 'The written response has been saved.',
  agreed: 'The written response is agreed and locked. Reopen it to change it.',
  reopened: 'The written response is reopened as a draft.',
};

/** The partnership's written response to a review: draft, save, agree, reopen. */
export const responseRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  async function render(
    reply: FastifyReply,
    reviewId: string,
    extra: {
      code?: number;
      values?: { text: string; actions: string[] };
      errors?: FieldErrors;
      conflict?: boolean;
      done?: string;
      version?: number;
    } = {},
  ) {
    const page = await responsePage(app.db, partnershipActor(reply.request), reviewId);
    const r = page.response;
    const errors = extra.errors ?? {};
    return reply.code(extra.code ?? 200).view('actions/response.njk', {
      ...page,
      values: extra.values ?? { text: r.text, actions: r.actionIds },
      version: extra.version ?? r.version,
      theirs: extra.conflict
        ? { text: r.text, savedAt: r.updated_at ? formatDateTime(r.updated_at) : null, status: r.status }
        : null,
      agreedText: r.agreed_at ? formatDateTime(r.agreed_at) : null,
      updatedText: r.updated_at ? formatDateTime(r.updated_at) : null,
      history: page.history.map((h) => ({ ...h, when: formatDateTime(h.changed_at) })),
      limit: LONG_TEXT_LIMIT,
      errors,
      errorSummary: errorList(errors, { agree: 'agree' }),
      done: DONE[extra.done ?? ''],
    });
  }

  function outcomeReply(
    reply: FastifyReply,
    reviewId: string,
    outcome: ResponseOutcome,
    done: string,
    values?: { text: string; actions: string[] },
  ) {
    if (outcome.ok) return reply.redirect(`/reviews/${reviewId}/response?done=${done}`, 303);
    if ('error' in outcome)
      return render(reply, reviewId, { code: 400, values, errors: { [values ? 'text' : 'agree']: outcome.error } });
    return render(reply, reviewId, { code: 409, values, conflict: true });
  }

  app.get<{ Params: IdParams; Querystring: { done?: string } }>(
    '/reviews/:id/response',
    guard,
    async (request, reply) => render(reply, request.params.id, { done: request.query.done }),
  );

  app.post<{ Params: IdParams }>('/reviews/:id/response', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    await reviewOf(app.db, actor, request.params.id, { change: true });
    const form = parseResponse(request.body);
    if (hasErrors(form.errors))
      return render(reply, request.params.id, {
        code: 400,
        values: form.values,
        errors: form.errors,
        version: form.version,
      });
    const outcome = await saveResponse(
      app.db,
      actor,
      request.params.id,
      form.version,
      { text: form.values.text, actionIds: form.values.actions },
      app.now(),
    );
    return outcomeReply(reply, request.params.id, outcome, 'saved', form.values);
  });

  app.post<{ Params: IdParams }>('/reviews/:id/response/agree', guard, async (request, reply) => {
    const outcome = await setResponseAgreed(
      app.db,
      partnershipActor(request),
      request.params.id,
      versionOf(request.body),
      true,
      app.now(),
    );
    return outcomeReply(reply, request.params.id, outcome, 'agreed');
  });

  app.post<{ Params: IdParams }>('/reviews/:id/response/reopen', guard, async (request, reply) => {
    const outcome = await setResponseAgreed(
      app.db,
      partnershipActor(request),
      request.params.id,
      versionOf(request.body),
      false,
      app.now(),
    );
    return outcomeReply(reply, request.params.id, outcome, 'reopened');
  });
};
