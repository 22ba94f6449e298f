import type { FastifyPluginAsync } from 'fastify';
import { errorList, hasErrors } from '../../lib/forms.js';
import { actorOf, requireAuth } from '../../plugins/auth.js';
import { getOrganisation, saveGeneralSettings } from './organisations.service.js';
import { parseSettings } from './settings.form.js';

const adminOnly = { preHandler: requireAuth({ roles: ['admin'] }) };

/** The partnership's settings, for its admins. */
export const settingsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { saved?: string } }>('/admin/settings', adminOnly, async (request, reply) => {
    const org = await getOrganisation(app.db, request.auth!.organisation!.id);
    return reply.view('organisations/settings.njk', {
      values: {
        name: org.name,
        requireTwoFactor: org.require_two_factor ? 'yes' : 'no',
        sarTargetMonths: String(org.sar_target_months ?? 6),
      },
      errors: {},
      saved: request.query.saved === '1',
    });
  });

  app.post('/admin/settings', adminOnly, async (request, reply) => {
    const form = parseSettings(request.body);
    if (hasErrors(form.errors)) {
      return reply.code(400).view('organisations/settings.njk', { ...form, errorSummary: errorList(form.errors) });
    }
    const organisationId = request.auth!.organisation!.id;
    await saveGeneralSettings(
      app.db,
      { ...actorOf(request), organisationId },
      {
        name: form.values.name,
        requireTwoFactor: form.values.requireTwoFactor === 'yes',
        sarTargetMonths: form.values.sarTargetMonths ? Number(form.values.sarTargetMonths) : undefined,
      },
      app.now(),
    );
    return reply.redirect('/admin/settings?saved=1', 303);
  });
};
