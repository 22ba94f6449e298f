/**
 * The background fold's timer (fold.service.ts), on plugins/periodic.ts's timer like housekeeping and the
 * daily digest: the first run one interval after start, so a process that starts and stops at once (a CLI
 * command, a test) folds nothing; never two runs at once; closing the app waits for a run still going.
 *
 * Every 10 seconds: the first fold after start-up (the migration marks every review) comes within seconds,
 * and so does the fold after an import or a demo seed made while the app runs, before most people would
 * have opened the dashboard; when nothing is marked, which is nearly always, a run is one query of two
 * small indexed tables, so running it this often costs nothing worth counting. 0 turns it off (the test
 * apps, so that no fold happens between a test's write and its check of the marks).
 */
import fp from 'fastify-plugin';
import { runPeriodically } from '../../plugins/periodic.js';
import { foldMarkedReviews, type FoldOptions } from './fold.service.js';

export const LEARNING_FOLD_EVERY_MS = 10_000;

export interface FoldJobOptions extends FoldOptions {
  /** How often; LEARNING_FOLD_EVERY_MS unless a test wants it sooner, 0 for never. */
  everyMs?: number;
}

export default fp<FoldJobOptions>(
  async (app, { everyMs = LEARNING_FOLD_EVERY_MS, ...bound }) => {
    if (everyMs <= 0) return;
    runPeriodically(app, 'learning summary fold', everyMs, async () => {
      const folded = await foldMarkedReviews(app.db, bound);
      if (folded.reviews) app.log.info({ folded }, 'learning summary: marked reviews folded in');
    });
  },
  { name: 'learning-fold', dependencies: ['db'] },
);
