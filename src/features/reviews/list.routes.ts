import type { FastifyPluginAsync } from 'fastify';
import { paginationLinks } from '../../lib/pagination.js';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { frameworkNames, frameworksFor } from './frameworks-choice.service.js';
import { listQueryString, parseListQuery, reviewList } from './list.service.js';
import { REVIEW_STATUSES, REVIEW_TYPES } from './reviews.options.js';

/** The reviews list: filters and sorting are a GET form and header links, so they work without JavaScript. */
export const reviewsListRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: Record<string, unknown> }>(
    '/reviews',
    { preHandler: requireAuth() },
    async (request, reply) => {
      const actor = partnershipActor(request);
      const query = parseListQuery(request.query);
      const list = await reviewList(app.db, actor, londonDate(app.now()), query);
      const frameworks = frameworkNames(await frameworksFor(app.db, actor, app.frameworks), list.rows);
      const filtered = Boolean(query.status || query.type || query.overdueOnly);
      const pageHref = (page: number) => `/reviews?${listQueryString(query, page)}`;
      return reply.view('reviews/list.njk', {
        reviews: list.rows,
        total: list.total,
        matching: list.count,
        firstShown: list.first,
        lastShown: list.last,
        pagination: paginationLinks(list.page, list.pages, pageHref),
        query,
        filtered,
        frameworks,
        labels: { types: REVIEW_TYPES, statuses: REVIEW_STATUSES },
        canCreate: request.auth!.role !== 'viewer',
      });
    },
  );
};
