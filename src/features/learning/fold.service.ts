/**
 * The background fold: every partnership's marked reviews folded into learning_summary (and first the
 * statutory steps' read model) by refreshLearningSummary, as a reader would, so that after the migration,
 * the demo seed or an import the first person to open the dashboard finds nothing left to add up. The
 * readers still refresh before every read, so nothing depends on this having run.
 *
 * The bound: a run folds in slices of FOLD_SLICE marked reviews, each one refreshLearningSummary call
 * (one transaction, as a reader's batch is), lets the event loop go between slices (on SQLite every query
 * runs on it, so requests wait for at most one slice), and starts no new slice once FOLD_RUN_BUDGET_MS
 * have passed: a run folds at least one slice and then stops, so it lasts the budget plus one slice at
 * most, which is also what closing the app may wait for. What is left stays marked for the next run (or a
 * reader). Measured on the shared 2-core machine with 2,000 seeded reviews: SQLite folded all of them in
 * one run of 1.9 s, its longest hold of the event loop 0.5 s (the first slice, which also brings every
 * statutory-step mark up to date, in steps.service.ts's batches); PostgreSQL took two runs, 2.0 s and 1.5
 * s, about 1 s a slice, holding the event loop 0.2 s at most.
 *
 * Several app processes may fold at once: a mark is cleared by one of them only, so the others' work on it
 * is wasted, never counted twice (summary.service.ts).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { partnershipsWithMarks } from './fold.repository.js';
import { refreshLearningSummary } from './summary.service.js';

export const FOLD_SLICE = 500;
export const FOLD_RUN_BUDGET_MS = 2_000;

export interface FoldOptions {
  /** Marked reviews a slice folds; FOLD_SLICE unless a test wants smaller. */
  slice?: number;
  /** No new slice after this long; FOLD_RUN_BUDGET_MS unless a test wants a run of one slice (0). */
  budgetMs?: number;
}

export interface FoldResult {
  /** Partnerships whose marks (as the run found them) the run finished */
  partnerships: number;
  /** Marked reviews the run went through (a mark another process cleared first among them) */
  reviews: number;
  /** False when the budget ran out with marks perhaps left */
  finished: boolean;
}

/** One run of the background fold, within its bound. */
export async function foldMarkedReviews(
  db: Kysely<Database>,
  { slice = FOLD_SLICE, budgetMs = FOLD_RUN_BUDGET_MS }: FoldOptions = {},
): Promise<FoldResult> {
  const started = performance.now();
  const result: FoldResult = { partnerships: 0, reviews: 0, finished: false };
  let slices = 0;
  for (const organisationId of await partnershipsWithMarks(db)) {
    for (let taken = slice; taken === slice;) {
      if (slices > 0 && performance.now() - started >= budgetMs) return result;
      taken = await refreshLearningSummary(db, organisationId, { limit: slice });
      slices++;
      result.reviews += taken;
      await nextTurn();
    }
    result.partnerships++;
  }
  result.finished = true;
  return result;
}
