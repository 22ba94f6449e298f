import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Sets a new password hash only if the stored one is still the one that was checked; the number of
 * rows changed (0 when another change came first).
 */
export async function replacePasswordHash(
  db: Executor,
  userId: string,
  change: { from: string; to: string; at: string },
): Promise<number> {
  const result = await db
    .updateTable('user_account')
    .set({ password_hash: change.to, updated_at: change.at })
    .where('id', '=', userId)
    .where('password_hash', '=', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends every session of the person except the one named (the browser they are using); how many ended. */
export async function deleteOtherSessions(db: Executor, userId: string, keepIdHash: string | null): Promise<number> {
  let query = db.deleteFrom('session').where('user_id', '=', userId);
  if (keepIdHash) query = query.where('id_hash', '!=', keepIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
