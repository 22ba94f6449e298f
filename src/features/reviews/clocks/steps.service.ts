/**
 * Brings a partnership's review_clock_step rows up to date before they are counted. Triggers (migration
 * 2026-12-07T2100) mark a review whenever its deadlines' inputs change, in the writer's own transaction;
 * this works out the marked reviews' rows again (steps.ts) and clears their marks. Usually nothing is
 * marked and this is one indexed lookup; after a bulk write (the migration's backfill, an import, the demo
 * seed) the first reader pays 0.05–0.2 ms a review (5,000: 0.25–1.1 s), once.
 *
 * Safe with several app processes: a mark is cleared only if its token is the one read before the inputs
 * were, in the same transaction as the rows are replaced. Every change gives the mark a new token, even
 * one made after another reader cleared it, so a change made meanwhile keeps its mark and another reader
 * that got there first leaves nothing to clear.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { asChange } from './clocks.service.js';
import * as repo from './clocks.repository.js';
import type { ClockChange } from './evaluate.js';
import { clockStepRows } from './steps.js';
import * as steps from './steps.repository.js';

type Db = Kysely<Database>;

const BATCH = 500;

export async function refreshClockSteps(db: Db, organisationId: string): Promise<void> {
  const marks = await steps.staleOf(db, organisationId);
  if (!marks.length) return;
  const sarTargetMonths = await repo.sarTargetMonths(db, organisationId);
  for (let i = 0; i < marks.length; i += BATCH) {
    const batch = marks.slice(i, i + BATCH);
    const ids = batch.map((m) => m.review_id);
    const [reviews, changeRows] = await Promise.all([
      steps.inputsOf(db, organisationId, ids),
      steps.changesOfReviews(db, organisationId, ids),
    ]);
    const changes = new Map<string, ClockChange[]>();
    for (const row of changeRows) changes.set(row.review_id, [...(changes.get(row.review_id) ?? []), asChange(row)]);
    const rowsOf = new Map(
      reviews.map((r) => [r.id, clockStepRows(r, { sarTargetMonths, changes: changes.get(r.id) ?? [] })]),
    );
    await db.transaction().execute(async (trx) => {
      const cleared = await steps.clearMarks(trx, organisationId, batch);
      if (cleared.length)
        await steps.replaceSteps(
          trx,
          cleared,
          cleared.flatMap((id) => rowsOf.get(id) ?? []),
        );
    });
  }
}
