import { sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs `work` inside a savepoint of `trx` and keeps what it wrote only when it says so: a piece of work
 * made of several versioned updates, sharing a group-committed transaction with other people's saves
 * (see audit.group-commit.ts), can undo all of its own writes when one of them is stale without failing
 * its neighbours. SAVEPOINT, ROLLBACK TO and RELEASE read the same on SQLite and PostgreSQL.
 */
export async function inSavepoint<R>(
  trx: Transaction<Database>,
  name: string,
  work: () => Promise<{ keep: boolean; value: R }>,
): Promise<R> {
  if (!/^[a-z_]+$/.test(name)) throw new Error(`inSavepoint: not a savepoint name: ${name}`);
  await sql`savepoint ${sql.raw(name)}`.execute(trx);
  let outcome: { keep: boolean; value: R };
  try {
    outcome = await work();
  } catch (error) {
    await sql`rollback to savepoint ${sql.raw(name)}`.execute(trx);
    await sql`release savepoint ${sql.raw(name)}`.execute(trx);
    throw error;
  }
  if (!outcome.keep) await sql`rollback to savepoint ${sql.raw(name)}`.execute(trx);
  await sql`release savepoint ${sql.raw(name)}`.execute(trx);
  return outcome.value;
}
