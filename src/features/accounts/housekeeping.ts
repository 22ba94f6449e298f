/**
 * Housekeeping: every hour each app process deletes the sign-in attempts older than the throttle needs
 * (pruneAttempts: a day) and the sessions that have ended (the session plugin's rule). Without it both
 * tables only grow: an attempt is written for every sign-in, including every guess of an attacker, and
 * keeps an email address and a network address; an ended session is deleted only when its cookie comes
 * back. Deleting rows already past their use is idempotent, so several processes running it against one
 * database need no lock: a second delete finds nothing to do.
 *
 * The first run is one interval after start, so a process that starts and stops at once (a CLI command,
 * a test) does no housekeeping. The timer is unref'd (it never keeps a process alive) and stopped when
 * the app closes; a run still going when it closes is waited for, before the database closes.
 */
import fp from 'fastify-plugin';
import type { Db } from '../../db/create-db.js';
import { deleteEndedSessions } from '../../plugins/session.js';
import { pruneAttempts } from './accounts.service.js';

export const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000;

export interface HousekeepingOptions {
  /** How often; HOUSEKEEPING_EVERY_MS unless a test wants it sooner. */
  everyMs?: number;
}

/** One run: what is past its use is deleted, by the clock's time. */
export async function deleteStaleRows(db: Db, now: Date): Promise<{ attempts: number; sessions: number }> {
  const attempts = await pruneAttempts(db, now);
  const sessions = await deleteEndedSessions(db, now);
  return { attempts: attempts.reduce((n, r) => n + Number(r.numDeletedRows), 0), sessions };
}

export default fp<HousekeepingOptions>(
  async (app, { everyMs = HOUSEKEEPING_EVERY_MS }) => {
    let running: Promise<void> | undefined;
    const run = async () => {
      try {
        const deleted = await deleteStaleRows(app.db, app.now());
        if (deleted.attempts || deleted.sessions) app.log.info({ deleted }, 'housekeeping deleted stale rows');
      } catch (err) {
        // The next run tries again; a failure here must not stop the process.
        app.log.warn({ err }, 'housekeeping failed');
      }
    };
    const timer = setInterval(() => {
      // A run that outlasts the interval is not doubled up.
      running ??= run().finally(() => (running = undefined));
    }, everyMs);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await running;
    });
  },
  // The clock (app.now) is the session plugin's.
  { name: 'housekeeping', dependencies: ['db', 'session'] },
);
