import fp from 'fastify-plugin';
import { workApiRoutes } from './api.routes.js';
import { workRoutes } from './work.routes.js';

/** "Your work": the signed-in home page, and the same list through the API. */
export default fp(
  async (app) => {
    await app.register(workRoutes);
    await app.register(workApiRoutes);
  },
  { name: 'work-feature' },
);
