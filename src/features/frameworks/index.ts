import fp from 'fastify-plugin';
import { frameworksAdminRoutes } from './frameworks-admin.routes.js';
import { frameworksRoutes } from './frameworks.routes.js';

/** Frameworks: their pages and API, and a partnership's import and management of its own. */
export default fp(
  async (app) => {
    await app.register(frameworksAdminRoutes);
    await app.register(frameworksRoutes);
  },
  { name: 'frameworks-feature' },
);
