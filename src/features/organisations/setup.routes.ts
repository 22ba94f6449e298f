import type { FastifyPluginAsync } from 'fastify';
import { errorList, hasErrors } from '../../lib/forms.js';
import { actorOf } from '../../plugins/auth.js';
import { parseSetup } from './organisations.form.js';
import { completeSetup, setupLinkIsUsable } from './setup.service.js';

/** First-run set-up: the one-time link printed at start creates the first partnership and its admin. */
export const setupRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { token: string } }>('/setup/:token', async (request, reply) => {
    if (!(await setupLinkIsUsable(app.db, request.params.token, app.now()))) {
      return reply.code(410).view('organisations/setup-expired.njk');
    }
    return reply.view('organisations/setup.njk', { values: {}, errors: {}, token: request.params.token });
  });

  app.post<{ Params: { token: string } }>('/setup/:token', async (request, reply) => {
    if (!(await setupLinkIsUsable(app.db, request.params.token, app.now()))) {
      return reply.code(410).view('organisations/setup-expired.njk');
    }
    const form = parseSetup(request.body);
    if (hasErrors(form.errors)) {
      return reply.code(400).view('organisations/setup.njk', {
        values: { ...form.values, password: '' },
        errors: form.errors,
        errorSummary: errorList(form.errors, { kind: 'kind' }),
        token: request.params.token,
      });
    }
    const { org, user } = await completeSetup(
      app.db,
      request.params.token,
      { ...form.values, kind: form.values.kind as 'children' | 'adults' | 'both' },
      actorOf(request),
      app.now(),
    );
    await reply.startSession(user.id, org.id, false);
    return reply.redirect('/account/two-factor', 303);
  });
};
