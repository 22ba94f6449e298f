/** Every query of the demo seed: what a partnership already has, and batched inserts of generated rows. */
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

const PREFIX = 'DEMO-';

/** Both databases take at least 32,766 bound values a statement (SQLite's limit; PostgreSQL's is 65,535). */
const MAX_VALUES = 30_000;

/**
 * Reviews of the partnership the seed did not make: any without the DEMO- prefix, or made by a person.
 * substr, not LIKE: LIKE ignores case in SQLite and not in PostgreSQL.
 */
export async function countOtherReviews(db: Executor, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('review')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where((eb) =>
      eb.or([eb(sql<string>`substr(reference, 1, ${PREFIX.length})`, '!=', PREFIX), eb('created_by', 'is not', null)]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The highest number k of the partnership's DEMO-k reviews, 0 when it has none. */
export async function lastDemoNumber(db: Executor, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('review')
    .select((eb) => eb.fn.max('reference').as('last'))
    .where('organisation_id', '=', organisationId)
    .where(sql<string>`substr(reference, 1, ${PREFIX.length})`, '=', PREFIX)
    .where('created_by', 'is', null)
    .executeTakeFirst();
  const n = Number(String(row?.last ?? '').slice(PREFIX.length));
  return Number.isInteger(n) ? n : 0;
}

/**
 * On SQLite, a page cache of `mb` for this connection (the default is 2 MB): the seed's inserts then find
 * the index pages they need in memory. Returns the setting to put back. Nothing on PostgreSQL.
 */
export async function widenSqliteCache(db: Kysely<Database>, mb: number): Promise<number | undefined> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return undefined;
  const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
  await sql.raw(`pragma cache_size = ${-Math.round(mb * 1024)}`).execute(db);
  return rows[0]?.cache_size;
}

export async function restoreSqliteCache(db: Kysely<Database>, pages: number | undefined): Promise<void> {
  if (pages !== undefined) await sql.raw(`pragma cache_size = ${Math.trunc(pages)}`).execute(db);
}

/** Inserts rows of one table, as many to a statement as the bound-value limit allows. */
export async function insertMany<T extends keyof Database & string>(
  db: Executor,
  table: T,
  rows: readonly Database[T][],
): Promise<void> {
  if (!rows.length) return;
  const perStatement = Math.max(1, Math.floor(MAX_VALUES / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += perStatement) {
    // Kysely cannot type a table chosen at run time; the rows are the table's own shape (schema.ts).
    await db
      .insertInto(table)
      .values(rows.slice(i, i + perStatement) as never)
      .execute();
  }
}
