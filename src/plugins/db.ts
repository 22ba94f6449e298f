import fp from 'fastify-plugin';
import type { Db } from '../db/create-db.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export interface DbPluginOptions {
  db: Db;
  /** Whether the app owns the connection and closes it on shutdown. */
  closeOnShutdown: boolean;
}

export default fp<DbPluginOptions>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    if (opts.closeOnShutdown) app.addHook('onClose', async () => opts.db.destroy());
  },
  { name: 'db' },
);
