import { sql, type Kysely, type Transaction } from 'kysely';
import { writeAheadLogOf } from '../../db/create-db.js';
import type { Database } from '../../db/schema.js';
import { appendEvents, type NewAuditEvent } from './audit.repository.js';

type Dialect = 'sqlite' | 'postgres';

/** What one piece of audited work returns: its result, and the audit events it owes. */
export interface AuditedOutcome<R> {
  value: R;
  audit: NewAuditEvent[];
}

/**
 * A short piece of database work that shares a transaction with others. It must only read and write
 * through `trx` (never wait on anything else), and report expected outcomes such as a version conflict
 * as its value: a throw rolls back the whole batch, and every unit in it is then run again on its own.
 */
export type AuditedUnit<R> = (trx: Transaction<Database>) => Promise<AuditedOutcome<R>>;

interface Pending {
  unit: AuditedUnit<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  alone?: boolean;
}
interface CommitQueue {
  pending: Pending[];
  flushing: boolean;
}
const queues = new WeakMap<Kysely<Database>, CommitQueue>();
const MAX_BATCH = 200;

/**
 * Group commit for audited writes. Each caller still waits until its work and its audit events are
 * durably committed, but work that arrives while a commit is in progress shares the next transaction:
 * one disk flush, one lock on the audit chain's head and one multi-row append of the events. With a
 * flush costing about a millisecond, one transaction per save would cap saves at a few hundred a second,
 * and on PostgreSQL every save would hold the chain's head through its own flush.
 */
export function commitAudited<R>(db: Kysely<Database>, dialect: Dialect, unit: AuditedUnit<R>): Promise<R> {
  let queue = queues.get(db);
  if (!queue) {
    queue = { pending: [], flushing: false };
    queues.set(db, queue);
  }
  const q = queue;
  return new Promise<R>((resolve, reject) => {
    q.pending.push({ unit, resolve: resolve as (value: unknown) => void, reject });
    if (!q.flushing) void flush(db, dialect, q);
  });
}

/** An event recorded on its own (a read, a download, a sign-in), committed with whatever else is waiting. */
export function commitEvent(db: Kysely<Database>, dialect: Dialect, event: NewAuditEvent): Promise<void> {
  return commitAudited(db, dialect, () => Promise.resolve({ value: undefined, audit: [event] }));
}

async function flush(db: Kysely<Database>, dialect: Dialect, q: CommitQueue): Promise<void> {
  q.flushing = true;
  const flushLog = dialect === 'sqlite' ? writeAheadLogOf(db) : undefined;
  try {
    while (q.pending.length) {
      // Let the requests already received reach this queue first. On SQLite the driver never gives way
      // to I/O between statements, so without this pause every batch would hold one unit.
      await new Promise(setImmediate);
      const batch = q.pending[0]?.alone ? q.pending.splice(0, 1) : q.pending.splice(0, MAX_BATCH);
      let values: unknown[];
      try {
        values = flushLog ? await commitUnsynced(db, batch, dialect) : await runBatch(db, batch, dialect);
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // One failing unit must not fail its neighbours: run each again in a transaction of its own.
        else q.pending.unshift(...batch.map((p) => ({ ...p, alone: true })));
        continue;
      }
      if (flushLog) {
        // While the disk works, the event loop goes on reading requests: they form the next batch.
        try {
          await flushLog();
        } catch (error) {
          batch.forEach((p) => p.reject(error));
          continue;
        }
      }
      batch.forEach((p, i) => p.resolve(values[i]));
    }
  } finally {
    q.flushing = false;
  }
}

function runBatch(db: Kysely<Database>, batch: Pending[], dialect: Dialect): Promise<unknown[]> {
  return db.transaction().execute(async (trx) => {
    const outcomes: AuditedOutcome<unknown>[] = [];
    for (const p of batch) outcomes.push(await p.unit(trx));
    const events = outcomes.flatMap((o) => o.audit);
    if (events.length) await appendEvents(trx, dialect, events);
    return outcomes.map((o) => o.value);
  });
}

/**
 * SQLite: commits the batch without waiting for the disk (`synchronous = NORMAL`, on this connection for
 * this one transaction), so the flush can run off the event loop. Every other transaction stays FULL.
 */
function commitUnsynced(db: Kysely<Database>, batch: Pending[], dialect: Dialect): Promise<unknown[]> {
  return db.connection().execute(async (conn) => {
    await sql`pragma synchronous = NORMAL`.execute(conn);
    try {
      return await runBatch(conn, batch, dialect);
    } finally {
      await sql`pragma synchronous = FULL`.execute(conn);
    }
  });
}
