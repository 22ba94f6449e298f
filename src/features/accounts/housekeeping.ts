/**
 * Housekeeping: every hour each app process deletes the sign-in attempts older than the throttle needs
 * (pruneAttempts: a day) and the sessions that have ended (the session plugin's rule). Without it both
 * tables only grow: an attempt is written for every sign-in, including every guess of an attacker, and
 * keeps an email address and a network address; an ended session is deleted only when its cookie comes
 * back. Deleting rows already past their use is idempotent, so several processes running it against one
 * database need no lock: a second delete finds nothing to do.
 *
 * It runs on plugins/periodic.ts's timer: the first run one interval after start, never two at once, and a
 * run still going when the app closes waited for.
 */
import fp from 'fastify-plugin';
import type { Db } from '../../db/create-db.js';
import { runPeriodically } from '../../plugins/periodic.js';
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
    runPeriodically(app, 'housekeeping', everyMs, async () => {
      const deleted = await deleteStaleRows(app.db, app.now());
      if (deleted.attempts || deleted.sessions) app.log.info({ deleted }, 'housekeeping deleted stale rows');
    });
  },
  // The clock (app.now) is the session plugin's.
  { name: 'housekeeping', dependencies: ['db', 'session'] },
);
