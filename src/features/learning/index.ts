import fp from 'fastify-plugin';
import { learningApiRoutes } from './api.routes.js';
import { learningRoutes } from './learning.routes.js';

/** Learning across reviews: the dashboard, its API and the regional roll-up. */
export default fp(
  async (app) => {
    await app.register(learningRoutes);
    await app.register(learningApiRoutes);
  },
  { name: 'learning-feature' },
);
