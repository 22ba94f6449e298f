/**
 * Brings a partnership's learning_summary up to date before it is read. Triggers (migration
 * 2026-12-08T0100) mark a review whenever anything it adds could change, in the writer's own transaction;
 * this works out the marked reviews' parts again (summary.ts), and in one transaction clears their marks,
 * takes out what they added before and adds what they add now. Usually nothing is marked and this is one
 * indexed lookup. After a bulk write (the migration's backfill, the demo seed, an import) every review is
 * marked; the background fold (fold.service.ts) calls this for each partnership within seconds, and a
 * reader that comes first folds whatever is still marked.
 *
 * Safe with several app processes: a mark is cleared only if its token is still the one read before the
 * inputs were (a write since gives it a new token, so it stays for the next reader), and only a reader that
 * cleared a review's mark folds that review in, so no change is counted twice or lost.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { refreshClockSteps } from '../reviews/clocks/steps.service.js';
import { difference, partsOf, type ReviewParts, type RoundInput } from './summary.js';
import * as repo from './summary.repository.js';

type Db = Kysely<Database>;

const BATCH = 2000;

function groupBy<T extends { review_id: string }>(rows: readonly T[]) {
  const by = new Map<string, T[]>();
  for (const row of rows) {
    const list = by.get(row.review_id);
    if (list) list.push(row);
    else by.set(row.review_id, [row]);
  }
  return (id: string) => by.get(id) ?? [];
}

/**
 * Brings the statutory steps' read model up to date (its writes mark the reviews here), then the summary.
 * `limit` (the background fold, fold.job.ts) folds only the first that many marked reviews and leaves the
 * rest marked; readers give none. Returns how many marked reviews it took.
 */
export async function refreshLearningSummary(
  db: Db,
  organisationId: string,
  { limit }: { limit?: number } = {},
): Promise<number> {
  await refreshClockSteps(db, organisationId);
  const stale = await repo.staleOf(db, organisationId);
  const marks = limit === undefined ? stale : stale.slice(0, limit);
  for (let i = 0; i < marks.length; i += BATCH) {
    const batch = marks.slice(i, i + BATCH);
    const inputs = await repo.inputsOf(
      db,
      organisationId,
      batch.map((m) => m.review_id),
    );
    const rounds = groupBy(inputs.rounds as RoundInput[]);
    const links = groupBy(inputs.links);
    const themeActions = groupBy(inputs.themeActions);
    const actions = groupBy(inputs.actions);
    const steps = groupBy(inputs.steps);
    const now = new Map<string, ReviewParts>(
      inputs.reviews.map((r) => [
        r.id,
        partsOf(r, {
          rounds: rounds(r.id),
          links: links(r.id),
          themeActions: themeActions(r.id),
          actions: actions(r.id),
          steps: steps(r.id),
        }),
      ]),
    );
    await db.transaction().execute(async (trx) => {
      const cleared = await repo.clearMarks(trx, batch);
      if (!cleared.length) return;
      const before = (await repo.partsOf(trx, cleared)).map((json) => JSON.parse(json) as ReviewParts);
      const after = cleared.flatMap((id) => {
        const parts = now.get(id);
        return parts ? [parts] : [];
      });
      await repo.replaceParts(
        trx,
        cleared,
        cleared.flatMap((id) => {
          const parts = now.get(id);
          if (!parts) return [];
          const json = JSON.stringify({ dims: parts.dims, rows: parts.rows });
          return [{ review_id: id, organisation_id: parts.dims.organisation_id, parts: json }];
        }),
      );
      await repo.addDifference(trx, difference(before, after));
    });
  }
  return marks.length;
}
