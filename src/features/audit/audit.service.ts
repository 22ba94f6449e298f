import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import {
  appendEvent,
  eventHash,
  eventsFrom,
  listEvents,
  distinctActions,
  type AuditFilter,
} from './audit.repository.js';

/** Who did something, and from where: the request facts every audit event carries. */
export interface Actor {
  userId: string | null;
  organisationId: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEntry {
  action: string;
  objectType?: string;
  objectId?: string;
  /** Facts about the change that are not content: a role, a scope, a count. */
  detail?: Record<string, string | number | boolean | null>;
}

export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<Database>): Dialect {
  return db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite';
}

/** Records an event, inside the caller's transaction when given one so the change and its record commit together. */
export async function recordAudit(
  db: Kysely<Database> | Transaction<Database>,
  actor: Actor,
  entry: AuditEntry,
  at: Date = new Date(),
): Promise<void> {
  const dialect = dialectOf(db);
  const event = {
    id: newId(at.getTime()),
    at: at.toISOString(),
    organisation_id: actor.organisationId,
    user_id: actor.userId,
    action: entry.action,
    object_type: entry.objectType ?? null,
    object_id: entry.objectId ?? null,
    ip: actor.ip,
    user_agent: actor.userAgent ? actor.userAgent.slice(0, 300) : null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  };
  if (db.isTransaction) {
    await appendEvent(db as Transaction<Database>, dialect, event);
  } else {
    await db.transaction().execute((trx) => appendEvent(trx, dialect, event));
  }
}

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string };

/** Walks the whole chain; names the first event whose hash or link does not match. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<VerifyResult> {
  let prev = '0'.repeat(64);
  let lastSeq = 0;
  let count = 0;
  for (;;) {
    const page = await eventsFrom(db, lastSeq, 1000);
    if (!page.length) break;
    for (const e of page) {
      const seq = Number(e.seq);
      if (seq !== lastSeq + 1) return { ok: false, count, brokenAt: lastSeq + 1, reason: 'event is missing' };
      if (e.prev_hash !== prev)
        return { ok: false, count, brokenAt: seq, reason: 'link to the previous event is broken' };
      if (eventHash(prev, { ...e, seq }) !== e.hash) {
        return { ok: false, count, brokenAt: seq, reason: 'event was changed after it was written' };
      }
      prev = e.hash;
      lastSeq = seq;
      count += 1;
    }
  }
  return { ok: true, count };
}

export function auditLog(db: Kysely<Database>, filter: AuditFilter) {
  return listEvents(db, filter);
}

export function auditActions(db: Kysely<Database>, organisationId: string) {
  return distinctActions(db, organisationId);
}

export type { AuditFilter };
