import fp from 'fastify-plugin';
import { moveApiRoutes } from './move-api.routes.js';
import { moveRoutes } from './move.routes.js';

/**
 * Framework upgrade: moving a review to a newer version of its framework (what carries over, is added and
 * is dropped, optionally with a new round), as a page and through the API.
 */
export default fp(
  async (app) => {
    await app.register(moveRoutes);
    await app.register(moveApiRoutes);
  },
  { name: 'framework-upgrade-feature' },
);
