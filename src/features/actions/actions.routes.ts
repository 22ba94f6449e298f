import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList, hasErrors } from '../../lib/forms.js';
import { formatDateTime, londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { isActionKind } from './actions.options.js';
import { parseActionForm, parseProgress, valuesOf, type ActionForm } from './actions.form.js';
import { addAction, addProgressNote, updateAction } from './actions-edit.service.js';
import { actionFormPage, actionPage, reviewOf, type Action, type ActionFormPage } from './actions.service.js';
import { LABELS, present } from './actions.view.js';
import { dateErrorId, dateItems } from '../../lib/date-input.js';

type IdParams = { id: string };
type ActionParams = { id: string; actionId: string };

const DONE: Record<string, string> = {
  added: 'Action added.',
  saved: 'Your changes have been saved.',
  progress: 'Progress note added.',
};

/** One review's actions: adding one, reading one, changing one, and its progress notes. */
export const actionsRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  function renderForm(
    reply: FastifyReply,
    code: number,
    page: ActionFormPage,
    kind: string,
    form: Pick<ActionForm, 'values' | 'errors' | 'dueErrorParts'>,
    extra: object = {},
  ) {
    const errorSummary = errorList(form.errors, { due: dateErrorId('due', form.dueErrorParts) });
    return reply.code(code).view('actions/action-form.njk', {
      ...page,
      kind,
      labels: LABELS,
      values: form.values,
      dueItems: dateItems(form.values.due, form.dueErrorParts),
      errors: form.errors,
      errorSummary,
      ...extra,
    });
  }

  app.get<{ Params: IdParams; Querystring: { kind?: string; finding?: string } }>(
    '/reviews/:id/actions/new',
    guard,
    async (request, reply) => {
      const page = await actionFormPage(app.db, app.frameworks, partnershipActor(request), request.params.id);
      const kind = request.query.kind ?? '';
      if (!isActionKind(kind)) return reply.view('actions/action-kind.njk', { ...page, labels: LABELS, errors: {} });
      const form = parseActionForm({ finding: request.query.finding ?? '' }, kind);
      return renderForm(reply, 200, page, kind, { ...form, errors: {}, dueErrorParts: [] });
    },
  );

  app.post<{ Params: IdParams }>('/reviews/:id/actions/new', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const page = await actionFormPage(app.db, app.frameworks, actor, request.params.id);
    const kind = String((request.body as Record<string, unknown> | undefined)?.kind ?? '');
    if (!isActionKind(kind)) {
      const errors = { kind: 'Select the kind of action' };
      return reply.code(400).view('actions/action-kind.njk', {
        ...page,
        labels: LABELS,
        errors,
        errorSummary: errorList(errors, { kind: 'kind' }),
      });
    }
    const form = parseActionForm(request.body, kind);
    if (!form.input) return renderForm(reply, 400, page, kind, form);
    const row = await addAction(app.db, page, actor, form.input, app.now());
    return reply.redirect(`/reviews/${page.review.id}/actions/${row.id}?done=added`, 303);
  });

  app.get<{ Params: ActionParams; Querystring: { done?: string } }>(
    '/reviews/:id/actions/:actionId',
    guard,
    async (request, reply) => {
      const today = londonDate(app.now());
      const page = await actionPage(
        app.db,
        app.frameworks,
        partnershipActor(request),
        request.params.id,
        request.params.actionId,
        today,
      );
      return reply.view('actions/action.njk', {
        ...showModel(page),
        done: DONE[request.query.done ?? ''],
        values: {},
        errors: {},
      });
    },
  );

  app.post<{ Params: ActionParams }>('/reviews/:id/actions/:actionId/progress', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    await reviewOf(app.db, actor, request.params.id, { change: true });
    const form = parseProgress(request.body);
    if (hasErrors(form.errors)) {
      const page = await actionPage(
        app.db,
        app.frameworks,
        actor,
        request.params.id,
        request.params.actionId,
        londonDate(app.now()),
      );
      return reply.code(400).view('actions/action.njk', {
        ...showModel(page),
        values: { note: form.note },
        errors: form.errors,
        errorSummary: errorList(form.errors),
      });
    }
    await addProgressNote(app.db, actor, request.params.id, request.params.actionId, form.note, app.now());
    return reply.redirect(
      `/reviews/${request.params.id}/actions/${request.params.actionId}?done=progress#progress`,
      303,
    );
  });

  app.get<{ Params: ActionParams }>('/reviews/:id/actions/:actionId/edit', guard, async (request, reply) => {
    const page = await actionFormPage(
      app.db,
      app.frameworks,
      partnershipActor(request),
      request.params.id,
      request.params.actionId,
    );
    const action = page.action!;
    return renderForm(
      reply,
      200,
      page,
      action.kind,
      { values: valuesOf(action), errors: {}, dueErrorParts: [] },
      { version: action.version },
    );
  });

  app.post<{ Params: ActionParams }>('/reviews/:id/actions/:actionId/edit', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const page = await actionFormPage(app.db, app.frameworks, actor, request.params.id, request.params.actionId, {
      audit: false,
    });
    const action = page.action!;
    const form = parseActionForm(request.body, action.kind);
    if (!form.input) return renderForm(reply, 400, page, action.kind, form, { version: form.version });
    const result = await updateAction(app.db, page, actor, form.version, form.input, app.now());
    if (!result.ok) {
      return renderForm(
        reply,
        409,
        page,
        action.kind,
        { ...form, errors: {} },
        { version: result.conflict.version, theirs: theirs(result.conflict, page) },
      );
    }
    return reply.redirect(`/reviews/${page.review.id}/actions/${action.id}?done=saved`, 303);
  });
};

function showModel(page: Awaited<ReturnType<typeof actionPage>>) {
  return {
    ...page,
    action: present(page.action),
    progress: page.progress.map((p) => ({ ...p, when: formatDateTime(p.created_at) })),
    labels: LABELS,
  };
}

/** Their version, as the conflict banner shows it. */
function theirs(a: Action, page: ActionFormPage) {
  const shown = present(a);
  const finding = page.findings.find((f) => f.id === a.finding_id);
  return {
    ...shown,
    findingText: finding ? `${finding.kind === 'finding' ? 'Finding' : 'Recommendation'} ${finding.number}` : null,
    savedAt: shown.updatedText,
  };
}
