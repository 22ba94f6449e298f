import fp from 'fastify-plugin';
import { sql } from 'kysely';

/** /health/live: the process answers. /health: the database answers too (503 when it does not). */
export default fp(
  async (app) => {
    app.get('/health/live', { logLevel: 'warn' }, async (_req, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { status: 'ok' };
    });
    app.get('/health', { logLevel: 'warn' }, async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      try {
        await sql`select 1`.execute(app.db);
        return { status: 'ok', database: 'ok' };
      } catch (err) {
        req.log.error({ err }, 'health check: database unavailable');
        return reply.code(503).send({ status: 'unavailable', database: 'unavailable' });
      }
    });
  },
  { name: 'health', dependencies: ['db'] },
);
