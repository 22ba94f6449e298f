import fp from 'fastify-plugin';
import { apiRoutes } from './api.routes.js';

/** The API's own pages: its index, the OpenAPI document and the reference page (/api/docs). */
export default fp(
  async (app) => {
    await app.register(apiRoutes);
  },
  { name: 'api-feature' },
);
