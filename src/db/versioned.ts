import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { newId } from '../lib/ids.js';
import { isStorableVersion } from '../lib/versions.js';
import { perShape, prepared } from './prepared.js';
import type { Database } from './schema.js';

/** Tables whose rows are edited in place with optimistic concurrency and kept in `revision`. */
export type VersionedTable =
  | 'review'
  | 'review_scope'
  | 'assessment_round'
  | 'marker_record'
  | 'question_response'
  | 'comment'
  | 'finding'
  | 'action'
  | 'written_response'
  | 'publication';

type Row<T extends VersionedTable> = Database[T];

export type VersionedUpdate<T extends VersionedTable> =
  { ok: true; row: Row<T> } | { ok: false; reason: 'conflict'; current: Row<T> } | { ok: false; reason: 'not-found' };

/**
 * Changes a row only if it is still at the version the person read. The row as it was is kept in
 * `revision` first, so every earlier version can be seen and restored. Never a silent overwrite:
 * when another write came first, nothing changes and the caller gets the current row.
 */
export async function updateVersioned<T extends VersionedTable>(
  trx: Transaction<Database>,
  table: T,
  // By id, or by other columns that name one row (saves one lookup before the transaction).
  where: { organisationId: string } & ({ id: string } | { match: Partial<Record<keyof Row<T>, string>> }),
  expectedVersion: number,
  changes: Partial<Row<T>>,
  by: { userId: string | null; at: string },
): Promise<VersionedUpdate<T>> {
  const named = Object.entries('id' in where ? { id: where.id } : where.match) as [string, unknown][];
  if (named.length === 0) throw new Error(`updateVersioned(${table}): no column names the row`);
  // As Kysely's own `set` does, a change given as undefined leaves its column alone.
  const changed = Object.entries(changes as Record<string, unknown>).filter(([, value]) => value !== undefined);
  // A version the column cannot hold (2^31 or more, negative, not whole) is no record's version: a conflict,
  // as a stale one is, on both databases (PostgreSQL would refuse the query itself, a 500).
  const expected = isStorableVersion(expectedVersion) ? expectedVersion : -1;
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    return updateInOneStatement(trx, table, where.organisationId, named, expected, changed, by);
  }
  const find = finderOf({ table, columns: named.map(([column]) => column) });
  const [current] = (await find(trx, where.organisationId, ...named.map(([, value]) => value))) as Row<T>[];
  if (!current) return { ok: false, reason: 'not-found' };
  const id = (current as { id: string }).id;
  const currentVersion = Number((current as { version: number }).version);
  if (currentVersion !== expected) return { ok: false, reason: 'conflict', current };

  // Update first, on the version read: a concurrent writer blocks on the row and then finds the
  // version moved on, so exactly one of them wins and the other gets a conflict, never an error.
  const update = updaterOf({ table, columns: changed.map(([column]) => column) });
  const updated = await update(
    trx,
    ...changed.map(([, value]) => value),
    currentVersion + 1,
    id,
    where.organisationId,
    currentVersion,
  );
  if (updated.length !== 1) {
    const [now] = (await finderOf({ table, columns: ['id'] })(trx, where.organisationId, id)) as Row<T>[];
    return { ok: false, reason: 'conflict', current: now! };
  }
  // The row we read was at the version we replaced, so it is exactly the version being superseded.
  await insertRevision(
    trx,
    newId(),
    where.organisationId,
    table,
    id,
    currentVersion,
    JSON.stringify(current, (_k, v: unknown) => (Buffer.isBuffer(v) ? undefined : v)),
    by.at,
    by.userId,
  );
  return { ok: true, row: { ...current, ...Object.fromEntries(changed), version: currentVersion + 1 } };
}

/**
 * The same on PostgreSQL in one statement, so one round trip: the row is read and locked, updated only if
 * still at the version the person read, and the version read kept in `revision`. The lock makes a second
 * writer wait, then read the row as the first left it, so it gets a conflict with the current row.
 * `row_to_json` of a row of text and integer columns is the JSON that `JSON.stringify` makes of the row.
 */
async function updateInOneStatement<T extends VersionedTable>(
  trx: Transaction<Database>,
  table: T,
  organisationId: string,
  named: [string, unknown][],
  expectedVersion: number,
  changed: [string, unknown][],
  by: { userId: string | null; at: string },
): Promise<VersionedUpdate<T>> {
  const run = oneStatementOf({ table, match: named.map(([c]) => c), changes: changed.map(([c]) => c) });
  const [result] = (await run(
    trx,
    organisationId,
    ...named.map(([, value]) => value),
    ...changed.map(([, value]) => value),
    expectedVersion,
    newId(),
    by.at,
    by.userId,
  )) as { current: Row<T>; updated: number | string }[];
  if (!result) return { ok: false, reason: 'not-found' };
  const { current } = result;
  if (Number(result.updated) !== 1) return { ok: false, reason: 'conflict', current };
  const row = { ...current, ...Object.fromEntries(changed), version: Number(current.version) + 1 };
  return { ok: true, row };
}

// Kysely cannot type a query over a union of table names; the row types above keep callers honest.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
type Runner = (db: Kysely<Database>, ...args: unknown[]) => Promise<unknown[]>;

interface Shape {
  table: string;
  columns: string[];
}
const shapeKey = ({ table, columns }: Shape) => `${table}(${columns.join(',')})`;

const finderOf = perShape(shapeKey, ({ table, columns }: Shape): Runner =>
  prepared((db, organisationId: unknown, ...values: unknown[]) =>
    columns.reduce(
      (q, column, i) => q.where(column, '=', values[i]),
      (db as AnyDb).selectFrom(table).selectAll().where('organisation_id', '=', organisationId),
    ),
  ),
);

const updaterOf = perShape(shapeKey, ({ table, columns }: Shape): Runner =>
  prepared((db, ...values: unknown[]) => {
    const [version, id, organisationId, currentVersion] = values.slice(columns.length);
    return (db as AnyDb)
      .updateTable(table)
      .set({ ...Object.fromEntries(columns.map((column, i) => [column, values[i]])), version })
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .where('version', '=', currentVersion)
      .returning('id');
  }),
);

interface OneStatementShape {
  table: string;
  match: string[];
  changes: string[];
}
const oneStatementOf = perShape(
  ({ table, match, changes }: OneStatementShape) => `${table}(${match.join(',')}|${changes.join(',')})`,
  ({ table, match, changes }: OneStatementShape): Runner =>
    prepared((db, organisationId: unknown, ...values: unknown[]) => {
      const [expectedVersion, revisionId, changedAt, changedBy] = values.slice(match.length + changes.length);
      const changeValues = values.slice(match.length, match.length + changes.length);
      return (db as AnyDb)
        .with('cur', (w) =>
          match
            .reduce(
              (q, column, i) => q.where(column, '=', values[i]),
              w.selectFrom(table).selectAll().where('organisation_id', '=', organisationId),
            )
            .forUpdate(),
        )
        .with('upd', (w) =>
          w
            .updateTable(`${table} as t`)
            .from('cur')
            .set({
              ...Object.fromEntries(changes.map((column, i) => [column, changeValues[i]])),
              version: sql`cur.version + 1`,
            })
            .whereRef('t.id', '=', 'cur.id')
            .where('cur.version', '=', expectedVersion)
            .returning('t.id'),
        )
        .with('rev', (w) =>
          w
            .insertInto('revision')
            .columns([
              'id',
              'organisation_id',
              'record_type',
              'record_id',
              'version',
              'data',
              'changed_at',
              'changed_by',
            ])
            .expression(
              w
                .selectFrom('cur')
                .innerJoin('upd', 'upd.id', 'cur.id')
                .select([
                  sql`${revisionId}::text`.as('id'),
                  'cur.organisation_id',
                  sql.lit(table).as('record_type'),
                  'cur.id as record_id',
                  'cur.version',
                  sql`row_to_json(cur)::text`.as('data'),
                  sql`${changedAt}::text`.as('changed_at'),
                  sql`${changedBy}::text`.as('changed_by'),
                ]),
            ),
        )
        .selectFrom('cur')
        .select([sql`row_to_json(cur)`.as('current'), sql`(select count(*) from upd)`.as('updated')]);
    }),
);

const insertRevision = prepared(
  (
    db,
    id: string,
    organisationId: string,
    recordType: VersionedTable,
    recordId: string,
    version: number,
    data: string,
    changedAt: string,
    changedBy: string | null,
  ) =>
    db.insertInto('revision').values({
      id,
      organisation_id: organisationId,
      record_type: recordType,
      record_id: recordId,
      version,
      data,
      changed_at: changedAt,
      changed_by: changedBy,
    }),
);

/** Earlier versions of a record, newest first. */
export function revisionsOf(trx: Kysely<Database>, organisationId: string, table: VersionedTable, id: string) {
  return trx
    .selectFrom('revision')
    .select(['version', 'data', 'changed_at', 'changed_by'])
    .where('organisation_id', '=', organisationId)
    .where('record_type', '=', table)
    .where('record_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
}
