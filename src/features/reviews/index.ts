import fp from 'fastify-plugin';
import { reviewsApiRoutes } from './api.routes.js';
import { clocksRoutes } from './clocks/clocks.routes.js';
import { reviewerToldRoutes } from './clocks/reviewer-told.routes.js';
import { datesRoutes } from './dates.routes.js';
import { reviewsListRoutes } from './list.routes.js';
import { reviewsRoutes } from './reviews.routes.js';
import { scopeRoutes } from './scope.routes.js';
import { statusRoutes } from './status.routes.js';
import { teamApiRoutes } from './team-api.routes.js';
import { teamRoutes } from './team.routes.js';

/**
 * Reviews: the review, its dates, team and scope, and the reviews API. Registered before assessments, so
 * the API's documentation lists the reviews' operations before the framework-upgrade one (same group).
 */
export default fp(
  async (app) => {
    await app.register(datesRoutes);
    await app.register(teamRoutes);
    await app.register(scopeRoutes);
    await app.register(statusRoutes);
    await app.register(reviewsListRoutes);
    await app.register(reviewsRoutes);
    await app.register(reviewsApiRoutes);
    await app.register(teamApiRoutes);
    await app.register(clocksRoutes);
    await app.register(reviewerToldRoutes);
  },
  { name: 'reviews-feature' },
);
