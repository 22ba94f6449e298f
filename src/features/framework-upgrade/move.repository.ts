import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** How many of a round's evidence items (not deleted) and comments each marker has. */
export async function threadCounts(db: Executor, organisationId: string, roundId: string) {
  const evidence = await db
    .selectFrom('evidence')
    .select(['marker_key', (eb) => eb.fn.countAll().as('n')])
    .where('organisation_id', '=', organisationId)
    .where('round_id', '=', roundId)
    .where('deleted_at', 'is', null)
    .groupBy('marker_key')
    .execute();
  const comments = await db
    .selectFrom('comment')
    .select(['marker_key', (eb) => eb.fn.countAll().as('n')])
    .where('organisation_id', '=', organisationId)
    .where('round_id', '=', roundId)
    .groupBy('marker_key')
    .execute();
  const byMarker = (rows: { marker_key: string; n: string | number | bigint }[]) =>
    new Map(rows.map((r) => [r.marker_key, Number(r.n)]));
  return { evidence: byMarker(evidence), comments: byMarker(comments) };
}
