import fp from 'fastify-plugin';
import { publicationApiRoutes } from './api.routes.js';
import { publicationRoutes } from './publication.routes.js';

/** A review's publication record: its page, and GET/PUT /api/v1/reviews/{id}/publication. */
export default fp(
  async (app) => {
    await app.register(publicationRoutes);
    await app.register(publicationApiRoutes);
  },
  { name: 'publication-feature' },
);
