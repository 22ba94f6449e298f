import fp from 'fastify-plugin';
import digest from './digest.js';
import { notificationsRoutes } from './notifications.routes.js';

export interface NotificationsFeatureOptions {
  /** How often the daily digest checks whether anyone's is due (digest.ts). */
  digestEveryMs?: number;
}

/** Telling people: the daily digest email and the account page's choice of what it says. */
export default fp<NotificationsFeatureOptions>(
  async (app, { digestEveryMs }) => {
    await app.register(notificationsRoutes);
    await app.register(digest, { everyMs: digestEveryMs });
  },
  { name: 'notifications-feature' },
);
