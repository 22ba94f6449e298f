import type { FastifyPluginAsync } from 'fastify';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { frameworkNames, frameworksFor } from './frameworks-choice.service.js';
import { listQueryString, parseListQuery, REVIEWS_PAGE_SIZE, reviewList } from './list.service.js';
import { REVIEW_STATUSES, REVIEW_TYPES } from './reviews.options.js';

/** GOV.UK pagination's numbers: the first, the last, and those beside the current page; null for a gap (…). */
export function pageNumbers(current: number, pages: number): (number | null)[] {
  const shown = [...new Set([1, current - 1, current, current + 1, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  return shown.flatMap((n, i) => (i > 0 && n - shown[i - 1]! > 1 ? [null, n] : [n]));
}

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
        matching: list.matching,
        firstShown: (list.page - 1) * REVIEWS_PAGE_SIZE + 1,
        lastShown: (list.page - 1) * REVIEWS_PAGE_SIZE + list.rows.length,
        pagination:
          list.pages > 1
            ? {
                previous: list.page > 1 ? pageHref(list.page - 1) : undefined,
                next: list.page < list.pages ? pageHref(list.page + 1) : undefined,
                items: pageNumbers(list.page, list.pages).map((number) =>
                  number === null
                    ? { ellipsis: true }
                    : { number, href: pageHref(number), current: number === list.page },
                ),
              }
            : null,
        query,
        filtered,
        frameworks,
        labels: { types: REVIEW_TYPES, statuses: REVIEW_STATUSES },
        canCreate: request.auth!.role !== 'viewer',
      });
    },
  );
};
