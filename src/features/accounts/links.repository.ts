import type { Kysely, Transaction } from 'kysely';
import type { Database, OneTimeLinkPurpose, OneTimeLinkTable } from '../../db/schema.js';

/**
 * One-time links. Unlike a partnership's own tables, these are not filtered by organisation: a link is
 * found by its token's hash before anyone is signed in (the partnership is what the link tells us), and
 * set-up and emailed reset links belong to no partnership at all.
 */

type Executor = Kysely<Database> | Transaction<Database>;

export function insertLink(db: Executor, row: OneTimeLinkTable) {
  return db.insertInto('one_time_link').values(row).execute();
}

export function findLinkByHash(db: Executor, tokenHash: string, purpose: OneTimeLinkPurpose) {
  return db
    .selectFrom('one_time_link')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

/** Marks the link used; false when it had been used already. */
export async function markLinkUsed(db: Executor, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('one_time_link')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
