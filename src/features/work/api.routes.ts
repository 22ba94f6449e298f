import type { FastifyPluginAsync } from 'fastify';
import { londonDate } from '../../lib/uk-time.js';
import { unauthorised, type ApiDoc } from '../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { workFor } from './work.service.js';
import { workSchema } from './api.schemas.js';

const workDoc: ApiDoc = {
  operationId: 'getMyWork',
  summary: 'What waits for me',
  description:
    'Everything the token’s person should act on, in the order of the “Your work” page: rounds waiting for their sign-off, markers they own that are not completed, unresolved discussion on those markers, their actions overdue or due within 10 working days, and statutory steps due soon or overdue on the reviews they can see.',
  tag: 'Accounts',
  access: 'read',
  responses: { 200: { description: 'The items, in order', schema: workSchema }, ...unauthorised },
};

export const workApiRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/v1/me/work', { preHandler: requireAuth(), config: { api: workDoc } }, async (request) => ({
    items: await workFor(app.db, app.frameworks, partnershipActor(request), londonDate(app.now())),
  }));
};
