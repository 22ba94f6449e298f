import fp from 'fastify-plugin';
import { logoRoutes } from './logo.routes.js';
import { reportsRoutes } from './reports.routes.js';

/** Board reports, and the partnership's logo they carry. */
export default fp(
  async (app) => {
    await app.register(reportsRoutes);
    await app.register(logoRoutes);
  },
  { name: 'reports-feature' },
);
