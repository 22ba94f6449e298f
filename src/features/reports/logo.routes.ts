import type { FastifyPluginAsync } from 'fastify';
import { errorList, hasErrors } from '../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { parseLogoForm } from './logo.form.js';
import { currentLogo, logoFile, removeLogo, saveLogo } from './logo.service.js';

const adminOnly = { preHandler: requireAuth({ roles: ['admin'] }) };

/** The partnership's logo for reports: admins upload or remove it; everyone in the partnership sees it. */
export const logoRoutes: FastifyPluginAsync = async (app) => {
  const page = async (organisationId: string, extra: Record<string, unknown> = {}) => ({
    logo: await currentLogo(app.db, organisationId),
    errors: {},
    ...extra,
  });

  app.get<{ Querystring: { saved?: string; removed?: string } }>(
    '/admin/settings/logo',
    adminOnly,
    async (request, reply) => {
      const actor = partnershipActor(request);
      return reply.view(
        'reports/logo.njk',
        await page(actor.organisationId, {
          saved: request.query.saved === '1',
          removed: request.query.removed === '1',
        }),
      );
    },
  );

  app.post(
    '/admin/settings/logo',
    { onRequest: requireAuth({ roles: ['admin'] }), ...adminOnly },
    async (request, reply) => {
      const actor = partnershipActor(request);
      const form = parseLogoForm(request.body);
      const result = form.data ? await saveLogo(app.db, actor, form.data, app.now()) : undefined;
      const errors = result && !result.ok ? { logo: result.error } : form.errors;
      if (hasErrors(errors)) {
        return reply
          .code(400)
          .view('reports/logo.njk', await page(actor.organisationId, { errors, errorSummary: errorList(errors) }));
      }
      return reply.redirect('/admin/settings/logo?saved=1', 303);
    },
  );

  app.post('/admin/settings/logo/remove', adminOnly, async (request, reply) => {
    await removeLogo(app.db, partnershipActor(request), app.now());
    return reply.redirect('/admin/settings/logo?removed=1', 303);
  });

  // The caller's own partnership's logo only: there is no id to ask for another's.
  app.get('/organisation/logo', { preHandler: requireAuth() }, async (request, reply) => {
    const logo = await logoFile(app.db, partnershipActor(request).organisationId);
    return reply
      .header(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'",
      )
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Disposition', 'inline; filename="logo"')
      .type(logo.contentType)
      .send(logo.content);
  });
};
