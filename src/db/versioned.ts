import type { Kysely, Transaction } from 'kysely';
import { newId } from '../lib/ids.js';
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
  | 'written_response';

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
  // Kysely cannot type a query over a union of table names; the row types above keep callers honest.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const t = trx as unknown as Transaction<any>;
  const named = Object.entries('id' in where ? { id: where.id } : where.match);
  if (named.length === 0) throw new Error(`updateVersioned(${table}): no column names the row`);
  let find = t
    .selectFrom(table as string)
    .selectAll()
    .where('organisation_id', '=', where.organisationId);
  for (const [column, value] of named) {
    find = find.where(column, '=', value);
  }
  const current = (await find.executeTakeFirst()) as unknown as Row<T> | undefined;
  if (!current) return { ok: false, reason: 'not-found' };
  const id = (current as { id: string }).id;
  const currentVersion = Number((current as { version: number }).version);
  if (currentVersion !== expectedVersion) return { ok: false, reason: 'conflict', current };

  // Update first, on the version read: a concurrent writer blocks on the row and then finds the
  // version moved on, so exactly one of them wins and the other gets a conflict, never an error.
  const result = await t
    .updateTable(table as string)
    .set({ ...(changes as Record<string, unknown>), version: currentVersion + 1 })
    .where('id', '=', id)
    .where('organisation_id', '=', where.organisationId)
    .where('version', '=', currentVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    const now = (await t
      .selectFrom(table as string)
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()) as unknown as Row<T>;
    return { ok: false, reason: 'conflict', current: now };
  }
  // The row we read was at the version we replaced, so it is exactly the version being superseded.
  await trx
    .insertInto('revision')
    .values({
      id: newId(),
      organisation_id: where.organisationId,
      record_type: table,
      record_id: id,
      version: currentVersion,
      data: JSON.stringify(current, (_k, v: unknown) => (Buffer.isBuffer(v) ? undefined : v)),
      changed_at: by.at,
      changed_by: by.userId,
    })
    .execute();
  return { ok: true, row: { ...current, ...changes, version: currentVersion + 1 } as Row<T> };
}

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
