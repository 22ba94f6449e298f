import fp from 'fastify-plugin';
import { auditRoutes } from './audit.routes.js';

/** The audit log. */
export default fp(
  async (app) => {
    await app.register(auditRoutes);
  },
  { name: 'audit-feature' },
);
