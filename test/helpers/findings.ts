import type { Db } from '../../src/db/create-db.js';
import { newId } from '../../src/lib/ids.js';

/**
 * Findings written straight to the table, many at once, for tests that need more than the form would
 * comfortably make (search ranking and paging). Their ids ascend in the order of `texts`; they are
 * numbered on from the review's highest finding.
 */
export async function insertFindings(db: Db, organisationId: string, reviewId: string, texts: readonly string[]) {
  const highest = await db
    .selectFrom('finding')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('kind', '=', 'finding')
    .executeTakeFirst();
  const now = new Date().toISOString();
  const rows = texts.map((text, i) => ({
    id: newId(),
    organisation_id: organisationId,
    review_id: reviewId,
    kind: 'finding' as const,
    number: Number(highest?.n ?? 0) + 1 + i,
    text,
    version: 1,
    created_at: now,
    created_by: null,
    updated_at: now,
    updated_by: null,
  }));
  if (rows.length) await db.insertInto('finding').values(rows).execute();
  return rows;
}
