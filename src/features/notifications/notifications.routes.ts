import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireAuth } from '../../plugins/auth.js';
import { parseKindsOn } from './notifications.form.js';
import { kindsOn, NOTIFICATION_KINDS, NOTIFICATION_LABELS, saveKindsOn } from './notifications.service.js';

const guard = { preHandler: requireAuth({ partnershipOptional: true }) };
const breadcrumbs = [{ text: 'Your account', href: '/account' }];

/** Which kinds of news the daily email tells the person about: GOV.UK checkboxes, one POST. */
export const notificationsRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { saved?: string } }>('/account/notifications', guard, async (request, reply) => {
    const on = await kindsOn(app.db, request.auth!.user.id);
    return reply.view('notifications/notifications.njk', {
      kinds: NOTIFICATION_KINDS.map((kind) => ({
        value: kind,
        text: NOTIFICATION_LABELS[kind].text,
        hint: { text: NOTIFICATION_LABELS[kind].hint },
        checked: on.includes(kind),
      })),
      mailEnabled: app.mailer.enabled,
      saved: request.query.saved === '1',
      breadcrumbs,
    });
  });

  app.post('/account/notifications', guard, async (request, reply) => {
    const auth = request.auth!;
    await saveKindsOn(app.db, { ...actorOf(request), userId: auth.user.id }, parseKindsOn(request.body), app.now());
    return reply.redirect('/account/notifications?saved=1', 303);
  });
};
