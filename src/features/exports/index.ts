import fp from 'fastify-plugin';
import { exportsRoutes } from './exports.routes.js';

/** A review's export (and its API). */
export default fp(
  async (app) => {
    await app.register(exportsRoutes);
  },
  { name: 'exports-feature' },
);
