import type { FastifyPluginAsync } from 'fastify';
import { errorList, hasErrors } from '../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { parseThemeLabel } from './findings.form.js';
import { addTheme, getTheme, listThemes, renameTheme, setThemeArchived } from './themes.service.js';

type ThemeParams = { themeId: string };

const DONE: Record<string, string> = {
  added: 'Theme added.',
  renamed: 'Theme renamed.',
  archived: 'Theme archived: it is no longer offered for new findings.',
  restored: 'Theme restored.',
};

/** Partnership admins: the partnership's learning themes (list, add, rename, archive and restore). */
export const themesRoutes: FastifyPluginAsync = async (app) => {
  const admin = { preHandler: requireAuth({ roles: ['admin'] }) };

  const listPage = async (organisationId: string, extra: object = {}) => ({
    themes: await listThemes(app.db, organisationId),
    values: {},
    errors: {},
    ...extra,
  });

  app.get<{ Querystring: { done?: string } }>('/admin/themes', admin, async (request, reply) => {
    const actor = partnershipActor(request);
    return reply.view(
      'actions/themes.njk',
      await listPage(actor.organisationId, { done: DONE[request.query.done ?? ''] }),
    );
  });

  app.post('/admin/themes', admin, async (request, reply) => {
    const actor = partnershipActor(request);
    const form = parseThemeLabel(request.body);
    const result = hasErrors(form.errors) ? undefined : await addTheme(app.db, actor, form.values.label, app.now());
    if (!result?.ok) {
      const errors = result ? { label: result.error } : form.errors;
      return reply
        .code(400)
        .view(
          'actions/themes.njk',
          await listPage(actor.organisationId, { values: form.values, errors, errorSummary: errorList(errors) }),
        );
    }
    return reply.redirect('/admin/themes?done=added', 303);
  });

  app.get<{ Params: ThemeParams }>('/admin/themes/:themeId', admin, async (request, reply) => {
    const theme = await getTheme(app.db, partnershipActor(request), request.params.themeId);
    return reply.view('actions/theme.njk', { theme, values: { label: theme.label }, errors: {} });
  });

  app.post<{ Params: ThemeParams }>('/admin/themes/:themeId', admin, async (request, reply) => {
    const actor = partnershipActor(request);
    const theme = await getTheme(app.db, actor, request.params.themeId);
    const form = parseThemeLabel(request.body);
    const result = hasErrors(form.errors)
      ? undefined
      : await renameTheme(app.db, actor, theme.id, form.values.label, app.now());
    if (!result?.ok) {
      const errors = result ? { label: result.error } : form.errors;
      return reply
        .code(400)
        .view('actions/theme.njk', { theme, values: form.values, errors, errorSummary: errorList(errors) });
    }
    return reply.redirect('/admin/themes?done=renamed', 303);
  });

  app.post<{ Params: ThemeParams }>('/admin/themes/:themeId/archive', admin, async (request, reply) => {
    const restore = (request.body as Record<string, unknown> | undefined)?.action === 'restore';
    await setThemeArchived(app.db, partnershipActor(request), request.params.themeId, !restore, app.now());
    return reply.redirect(`/admin/themes?done=${restore ? 'restored' : 'archived'}`, 303);
  });
};
