import fp from 'fastify-plugin';
import { markersRoutes } from './markers.routes.js';

/** The markers' pages. */
export default fp(
  async (app) => {
    await app.register(markersRoutes);
  },
  { name: 'markers-feature' },
);
