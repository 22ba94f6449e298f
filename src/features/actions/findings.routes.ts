import type { FastifyPluginAsync } from 'fastify';
import { errorList, hasErrors } from '../../lib/forms.js';
import { formatDateTime } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { FINDING_KINDS, isFindingKind, LONG_TEXT_LIMIT } from './actions.options.js';
import { parseFinding } from './findings.form.js';
import { addFinding, findingFormPage, findingsPage, updateFinding, type Finding } from './findings.service.js';

type IdParams = { id: string };
type FindingParams = { id: string; findingId: string };

const DONE: Record<string, string> = { added: 'added', saved: 'saved' };

/** Findings and recommendations of a review: the list, adding one and editing one. */
export const findingsRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const labels = { kinds: FINDING_KINDS };

  app.get<{ Params: IdParams; Querystring: { done?: string; f?: string } }>(
    '/reviews/:id/findings',
    guard,
    async (request, reply) => {
      const page = await findingsPage(app.db, app.frameworks, partnershipActor(request), request.params.id);
      // The banner names the finding from the list, never from text in the link.
      const shown = page.findings.find((f) => f.id === request.query.f);
      const verb = DONE[request.query.done ?? ''];
      const done = verb && shown ? { verb, name: `${FINDING_KINDS[shown.kind]} ${shown.number}` } : null;
      const markerName = Object.fromEntries(page.markers.map((m) => [m.key, `${m.number}. ${m.title}`]));
      return reply.view('actions/findings.njk', { ...page, labels, markerName, done });
    },
  );

  app.get<{ Params: IdParams; Querystring: { kind?: string } }>(
    '/reviews/:id/findings/new',
    guard,
    async (request, reply) => {
      const page = await findingFormPage(
        app.db,
        app.frameworks,
        partnershipActor(request),
        request.params.id,
        undefined,
        app.now(),
      );
      const kind = isFindingKind(request.query.kind ?? '') ? request.query.kind : 'finding';
      return reply.view('actions/finding-form.njk', {
        ...page,
        kind,
        labels,
        limit: LONG_TEXT_LIMIT,
        values: { markers: [], themes: [] },
        errors: {},
      });
    },
  );

  app.post<{ Params: IdParams }>('/reviews/:id/findings/new', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const page = await findingFormPage(app.db, app.frameworks, actor, request.params.id, undefined, app.now());
    const body = (request.body ?? {}) as Record<string, unknown>;
    const kind = isFindingKind(String(body.kind ?? '')) ? (body.kind as 'finding' | 'recommendation') : 'finding';
    const form = parseFinding(body);
    if (hasErrors(form.errors)) {
      return reply.code(400).view('actions/finding-form.njk', {
        ...page,
        kind,
        labels,
        limit: LONG_TEXT_LIMIT,
        values: form.values,
        errors: form.errors,
        errorSummary: errorList(form.errors),
      });
    }
    const row = await addFinding(
      app.db,
      page,
      actor,
      { kind, text: form.values.text, markerKeys: form.values.markers, themeIds: form.values.themes },
      app.now(),
    );
    return reply.redirect(`/reviews/${page.review.id}/findings?done=added&f=${row.id}#${row.id}`, 303);
  });

  app.get<{ Params: FindingParams }>('/reviews/:id/findings/:findingId', guard, async (request, reply) => {
    const page = await findingFormPage(
      app.db,
      app.frameworks,
      partnershipActor(request),
      request.params.id,
      request.params.findingId,
      app.now(),
    );
    const f = page.finding!;
    const values = { text: f.text, markers: f.markerKeys, themes: f.themes.map((t) => t.id) };
    return reply.view('actions/finding-form.njk', {
      ...page,
      kind: f.kind,
      labels,
      limit: LONG_TEXT_LIMIT,
      values,
      version: f.version,
      errors: {},
    });
  });

  app.post<{ Params: FindingParams }>('/reviews/:id/findings/:findingId', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const page = await findingFormPage(
      app.db,
      app.frameworks,
      actor,
      request.params.id,
      request.params.findingId,
      app.now(),
      {
        audit: false,
      },
    );
    const f = page.finding!;
    const form = parseFinding(request.body);
    const view = { ...page, kind: f.kind, labels, limit: LONG_TEXT_LIMIT, values: form.values };
    if (hasErrors(form.errors)) {
      return reply.code(400).view('actions/finding-form.njk', {
        ...view,
        version: form.version,
        errors: form.errors,
        errorSummary: errorList(form.errors),
      });
    }
    const result = await updateFinding(
      app.db,
      page,
      actor,
      form.version,
      { text: form.values.text, markerKeys: form.values.markers, themeIds: form.values.themes },
      app.now(),
    );
    if (!result.ok) {
      return reply.code(409).view('actions/finding-form.njk', {
        ...view,
        version: result.conflict.version,
        theirs: theirs(result.conflict, page.markers),
        errors: {},
      });
    }
    return reply.redirect(`/reviews/${page.review.id}/findings?done=saved&f=${f.id}#${f.id}`, 303);
  });
};

function theirs(f: Finding, markers: { key: string; number: number; title: string }[]) {
  return {
    text: f.text,
    savedAt: formatDateTime(f.updated_at),
    markers: markers.filter((m) => f.markerKeys.includes(m.key)).map((m) => `${m.number}. ${m.title}`),
    themes: f.themes.map((t) => t.label),
  };
}
