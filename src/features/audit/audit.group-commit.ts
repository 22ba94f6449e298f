import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { appendEvent } from './audit.repository.js';

type Dialect = 'sqlite' | 'postgres';
type AuditEvent = Parameters<typeof appendEvent>[2];
interface CommitQueue {
  pending: { event: AuditEvent; resolve: () => void; reject: (error: unknown) => void; alone?: boolean }[];
  flushing: boolean;
}
const queues = new WeakMap<Kysely<Database>, CommitQueue>();
const MAX_BATCH = 500;

/**
 * Group commit for events recorded on their own (reads, downloads, sign-ins): each caller still waits
 * until its event is durably committed, but events that arrive while a commit is in progress share the
 * next transaction, and so one fsync. With SQLite's synchronous=FULL a commit costs a disk flush (a few
 * milliseconds), so one transaction per page view would cap every audited page at a few hundred a second.
 */
export function groupCommit(db: Kysely<Database>, dialect: Dialect, event: AuditEvent): Promise<void> {
  let queue = queues.get(db);
  if (!queue) {
    queue = { pending: [], flushing: false };
    queues.set(db, queue);
  }
  const q = queue;
  return new Promise<void>((resolve, reject) => {
    q.pending.push({ event, resolve, reject });
    if (!q.flushing) void flush(db, dialect, q);
  });
}

async function flush(db: Kysely<Database>, dialect: Dialect, q: CommitQueue): Promise<void> {
  q.flushing = true;
  try {
    while (q.pending.length) {
      const batch = q.pending[0]?.alone ? q.pending.splice(0, 1) : q.pending.splice(0, MAX_BATCH);
      try {
        await db.transaction().execute(async (trx) => {
          for (const p of batch) await appendEvent(trx, dialect, p.event);
        });
        for (const p of batch) p.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // One bad event must not fail its neighbours: commit the rest one by one.
        else q.pending.unshift(...batch.map((p) => ({ ...p, alone: true })));
      }
    }
  } finally {
    q.flushing = false;
  }
}
