/**
 * The daily digest's timer: every DIGEST_EVERY_MS each app process runs runDigests (digest.service.ts)
 * by the app's clock; the (person, day) row each digest claims before it is sent keeps several processes
 * from sending one twice. Like housekeeping, it runs on plugins/periodic.ts's timer.
 */
import fp from 'fastify-plugin';
import { runPeriodically } from '../../plugins/periodic.js';
import { runDigests } from './digest.service.js';

export const DIGEST_EVERY_MS = 15 * 60 * 1000;

export interface DigestOptions {
  /** How often to check; DIGEST_EVERY_MS unless a test wants it sooner. */
  everyMs?: number;
}

export default fp<DigestOptions>(
  async (app, { everyMs = DIGEST_EVERY_MS }) => {
    if (!app.mailer.enabled) {
      app.log.info('SMTP_URL is not set: notification emails are written to the log, not sent');
    }
    const deps = {
      db: app.db,
      catalogue: app.frameworks,
      mailer: app.mailer,
      log: app.log,
      publicUrl: app.config.publicUrl,
    };
    runPeriodically(app, 'daily digests', everyMs, async () => {
      const result = await runDigests(deps, app.now());
      if (result.sent || result.logged || result.failed) app.log.info({ digests: result }, 'daily digests');
    });
  },
  { name: 'notifications-digest', dependencies: ['db', 'session', 'mailer'] },
);
