import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { perShape, prepared } from '../../db/prepared.js';
import type { AuditEventTable, Database } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type NewAuditEvent = Omit<AuditEventTable, 'seq' | 'prev_hash' | 'hash'>;

/** The fields that the hash covers, in a fixed order. */
export function eventHash(prevHash: string, e: Omit<AuditEventTable, 'hash' | 'prev_hash'>): string {
  const canonical = JSON.stringify([
    e.id,
    e.seq,
    e.at,
    e.organisation_id,
    e.user_id,
    e.action,
    e.object_type,
    e.object_id,
    e.ip,
    e.user_agent,
    e.detail,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/**
 * Appends events to the chain, in order. Runs inside the caller's transaction; the head row is locked
 * (on PostgreSQL by the UPDATE that takes the next numbers; SQLite has one writer) so concurrent appends
 * form one chain. On PostgreSQL the events and the new head go in one statement: every statement is a
 * round trip, and the head stays locked until the transaction commits.
 */
export async function appendEvents(
  trx: Transaction<Database>,
  dialect: 'sqlite' | 'postgres',
  events: NewAuditEvent[],
): Promise<{ seq: number; hash: string }> {
  const head =
    dialect === 'postgres'
      ? await takeNumbers(trx, events.length).then(([h]) => ({ seq: Number(h!.seq) - events.length, hash: h!.hash }))
      : (await readHead(trx))[0]!;
  let seq = Number(head.seq);
  let hash = head.hash;
  const values = events.flatMap((event) => {
    seq += 1;
    const row = { ...event, seq, prev_hash: hash };
    hash = eventHash(hash, row);
    return EVENT_COLUMNS.map((column) => ({ ...row, hash })[column]);
  });
  if (dialect === 'postgres') {
    await insertEventsWithHead(events.length)(trx, ...values, hash);
  } else {
    await insertEvents(events.length)(trx, ...values);
    await moveHead(trx, seq, hash);
  }
  return { seq, hash };
}

const EVENT_COLUMNS = [
  'id',
  'at',
  'organisation_id',
  'user_id',
  'action',
  'object_type',
  'object_id',
  'ip',
  'user_agent',
  'detail',
  'seq',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditEventTable)[];

const takeNumbers = prepared((db, count: number) =>
  db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', count) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash']),
);
const readHead = prepared((db) => db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1));
const moveHead = prepared((db, seq: number, hash: string) =>
  db.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1),
);

/** The rows of `count` events, from their columns' values in EVENT_COLUMNS order, one event after another. */
function eventRows(count: number, values: unknown[]) {
  return Array.from({ length: count }, (_, r) =>
    Object.fromEntries(EVENT_COLUMNS.map((column, c) => [column, values[r * EVENT_COLUMNS.length + c]])),
  ) as unknown as AuditEventTable[];
}

// One prepared statement per number of events appended together (at most a batch's worth).
const bySize = (count: number) => count;
const insertEvents = perShape(bySize, (count) =>
  prepared((db, ...values: unknown[]) => db.insertInto('audit_event').values(eventRows(count, values))),
);
const insertEventsWithHead = perShape(bySize, (count) =>
  prepared((db, ...values: unknown[]) =>
    db
      .with('appended', (w) => w.insertInto('audit_event').values(eventRows(count, values)))
      .updateTable('audit_head')
      .set({ hash: values[count * EVENT_COLUMNS.length] as string })
      .where('id', '=', 1),
  ),
);

export function appendEvent(trx: Transaction<Database>, dialect: 'sqlite' | 'postgres', event: NewAuditEvent) {
  return appendEvents(trx, dialect, [event]);
}

export interface AuditFilter {
  organisationId: string;
  userId?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export async function listEvents(db: Executor, f: AuditFilter) {
  let q = db
    .selectFrom('audit_event')
    .leftJoin('user_account', 'user_account.id', 'audit_event.user_id')
    .select([
      'audit_event.id',
      'audit_event.seq',
      'audit_event.at',
      'audit_event.action',
      'audit_event.object_type',
      'audit_event.object_id',
      'audit_event.ip',
      'audit_event.user_agent',
      'audit_event.detail',
      'audit_event.user_id',
      'user_account.name as user_name',
      'user_account.email as user_email',
    ])
    .where('audit_event.organisation_id', '=', f.organisationId);
  if (f.userId) q = q.where('audit_event.user_id', '=', f.userId);
  if (f.action) q = q.where('audit_event.action', '=', f.action);
  if (f.from) q = q.where('audit_event.at', '>=', f.from);
  if (f.to) q = q.where('audit_event.at', '<', f.to);
  return q
    .orderBy('audit_event.seq', 'desc')
    .limit(f.limit ?? 100)
    .offset(f.offset ?? 0)
    .execute();
}

export async function distinctActions(db: Executor, organisationId: string) {
  const rows = await db
    .selectFrom('audit_event')
    .select('action')
    .distinct()
    .where('organisation_id', '=', organisationId)
    .orderBy('action')
    .execute();
  return rows.map((r) => r.action);
}

/** Every event in order, a page at a time, for checking the chain. */
export async function eventsFrom(db: Executor, afterSeq: number, limit: number) {
  return db
    .selectFrom('audit_event')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq', 'asc')
    .limit(limit)
    .execute();
}
