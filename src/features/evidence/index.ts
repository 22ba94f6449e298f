import fp from 'fastify-plugin';
import { evidenceRoutes } from './evidence.routes.js';

/** Evidence on a marker: links, notes and files (checked by type and size), their download and deletion. */
export default fp(
  async (app) => {
    await app.register(evidenceRoutes);
  },
  { name: 'evidence-feature' },
);
