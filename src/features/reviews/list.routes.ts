import type { FastifyPluginAsync } from 'fastify';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { frameworkNames, frameworksFor } from './frameworks-choice.service.js';
import { parseListQuery, reviewList } from './list.service.js';
import { REVIEW_STATUSES, REVIEW_TYPES } from './reviews.options.js';

/** The reviews list: filters and sorting are a GET form and header links, so they work without JavaScript. */
export const reviewsListRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/reviews',
    { preHandler: requireAuth() },
    async (request, reply) => {
      const actor = partnershipActor(request);
      const query = parseListQuery(request.query);
      const { rows, total } = await reviewList(app.db, actor, londonDate(app.now()), query);
      const frameworks = frameworkNames(await frameworksFor(app.db, actor, app.frameworks), rows);
      const filtered = Boolean(query.status || query.type || query.overdueOnly);
      return reply.view('reviews/list.njk', {
        reviews: rows,
        total,
        query,
        filtered,
        frameworks,
        labels: { types: REVIEW_TYPES, statuses: REVIEW_STATUSES },
        canCreate: request.auth!.role !== 'viewer',
      });
    },
  );
};
