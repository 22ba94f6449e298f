import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
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
      ? await trx
          .updateTable('audit_head')
          .set((eb) => ({ seq: eb('seq', '+', events.length) }))
          .where('id', '=', 1)
          .returning(['seq', 'hash'])
          .executeTakeFirstOrThrow()
          .then((h) => ({ seq: Number(h.seq) - events.length, hash: h.hash }))
      : await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  let seq = Number(head.seq);
  let hash = head.hash;
  const rows = events.map((event) => {
    seq += 1;
    const row = { ...event, seq, prev_hash: hash };
    hash = eventHash(hash, row);
    return { ...row, hash };
  });
  if (dialect === 'postgres') {
    await trx
      .with('appended', (db) => db.insertInto('audit_event').values(rows))
      .updateTable('audit_head')
      .set({ hash })
      .where('id', '=', 1)
      .execute();
  } else {
    await trx.insertInto('audit_event').values(rows).execute();
    await trx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
  }
  return { seq, hash };
}

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
