import fp from 'fastify-plugin';
import { searchApiRoutes } from './search-api.routes.js';

/** Search across the partnership's reviews: the API here; the page is /search (markers.routes.ts). */
export default fp(
  async (app) => {
    await app.register(searchApiRoutes);
  },
  { name: 'search-feature' },
);
