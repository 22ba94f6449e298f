import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

/** The writes of a review import: plain inserts, made inside the import's one transaction. */

type Executor = Kysely<Database> | Transaction<Database>;

/** Rows per insert statement: well inside SQLite's and PostgreSQL's parameter limits. */
const ROWS_PER_INSERT = 100;

export async function insertAll<T extends keyof Database>(db: Executor, table: T, rows: Insertable<Database[T]>[]) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    // Kysely cannot type an insert over a table chosen at run time; the row type above does.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await (db as Kysely<any>)
      .insertInto(table)
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .execute();
  }
}

export function learningThemes(db: Executor, organisationId: string) {
  return db
    .selectFrom('learning_theme')
    .select(['id', 'label', 'position'])
    .where('organisation_id', '=', organisationId)
    .execute();
}
