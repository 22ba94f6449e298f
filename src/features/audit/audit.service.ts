import { PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { csvLine } from '../../lib/csv.js';
import { newId } from '../../lib/ids.js';
import type { Actor } from '../../plugins/auth.js';
import { formatTimestamp } from '../../lib/uk-time.js';
import {
  appendEvent,
  eventHash,
  eventsFrom,
  listEvents,
  distinctActions,
  type AuditFilter,
  type NewAuditEvent,
} from './audit.repository.js';
import { commitAudited, commitEvent, type AuditedUnit } from './audit.group-commit.js';

export interface AuditEntry {
  action: string;
  objectType?: string;
  objectId?: string;
  /** Facts about the change that are not content: a role, a scope, a count. */
  detail?: Record<string, string | number | boolean | null>;
}

export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<Database>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The event that records `entry`, done by `actor` at `at`. */
export function auditEvent(actor: Actor, entry: AuditEntry, at: Date = new Date()): NewAuditEvent {
  return {
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
}

/** Records an event, inside the caller's transaction when given one so the change and its record commit together. */
export async function recordAudit(
  db: Kysely<Database> | Transaction<Database>,
  actor: Actor,
  entry: AuditEntry,
  at: Date = new Date(),
): Promise<void> {
  const event = auditEvent(actor, entry, at);
  if (db.isTransaction) {
    await appendEvent(db as Transaction<Database>, dialectOf(db), event);
  } else {
    await commitEvent(db, dialectOf(db), event);
  }
}

/**
 * Runs `unit` in a transaction, appends the audit events it returns, and answers once both are durably
 * committed. Work arriving together shares the transaction (group commit); see commitAudited.
 */
export function commitWithAudit<R>(db: Kysely<Database>, unit: AuditedUnit<R>): Promise<R> {
  return commitAudited(db, dialectOf(db), unit);
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

export function auditActions(db: Kysely<Database>, organisationId: string) {
  return distinctActions(db, organisationId);
}

export type { AuditFilter };

/* The audit log page and its CSV download: always one partnership's events only. */

export const AUDIT_PAGE_SIZE = 50;

export type AuditQuery = Omit<AuditFilter, 'limit' | 'offset'>;

type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

function present(e: EventRow) {
  return {
    seq: Number(e.seq),
    at: e.at,
    when: formatTimestamp(e.at),
    person: e.user_name ?? (e.user_id ? 'Unknown person' : 'System'),
    email: e.user_email ?? '',
    action: e.action,
    objectType: e.object_type ?? '',
    objectId: e.object_id ?? '',
    ip: e.ip ?? '',
    detail: e.detail ?? '',
  };
}

/** One page of the log, newest first, and whether there is a next page. */
export async function auditPage(db: Kysely<Database>, query: AuditQuery, page: number) {
  const rows = await listEvents(db, {
    ...query,
    limit: AUDIT_PAGE_SIZE + 1,
    offset: (page - 1) * AUDIT_PAGE_SIZE,
  });
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE).map(present), hasNext: rows.length > AUDIT_PAGE_SIZE };
}

/** Everyone who is or was a member of the partnership, for the person filter. */
export async function auditPeople(db: Kysely<Database>, organisationId: string) {
  const rows = await db
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['user_account.id', 'user_account.name', 'user_account.email', 'membership.disabled_at'])
    .where('membership.organisation_id', '=', organisationId)
    .orderBy('user_account.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, disabled: r.disabled_at !== null }));
}

export const AUDIT_CSV_HEADER = [
  'Sequence',
  'Time (UTC)',
  'Time (UK)',
  'Person',
  'Email',
  'Action',
  'Object type',
  'Object ID',
  'IP address',
  'Detail',
];

// Every cell quoted, as the download always has been; csvLine guards each against formulas.
const auditLine = (cells: (string | number)[]) => csvLine(cells, { quoteAll: true });

/**
 * The filtered log as CSV lines, newest first, read a thousand at a time. Events appended while the
 * download runs shift the pages; rows at or above the last sequence number sent are skipped, so
 * nothing is sent twice and nothing is missed.
 */
export async function* auditCsv(db: Kysely<Database>, query: AuditQuery): AsyncGenerator<string> {
  // The byte-order mark tells spreadsheet programs the file is UTF-8 (names like Zoë stay intact).
  yield `\uFEFF${auditLine(AUDIT_CSV_HEADER)}`;
  const size = 1000;
  let lowest = Number.POSITIVE_INFINITY;
  for (let offset = 0; ; offset += size) {
    const page = await listEvents(db, { ...query, limit: size, offset });
    for (const e of page) {
      const r = present(e);
      if (r.seq >= lowest) continue;
      lowest = r.seq;
      yield auditLine([r.seq, r.at, r.when, r.person, r.email, r.action, r.objectType, r.objectId, r.ip, r.detail]);
    }
    if (page.length < size) return;
  }
}

/** Downloading the log is itself recorded: it holds people's email and IP addresses. */
export function recordAuditDownload(db: Kysely<Database>, actor: Actor, query: AuditQuery, now = new Date()) {
  return recordAudit(
    db,
    actor,
    {
      action: 'audit_log.downloaded',
      detail: {
        person: query.userId ?? null,
        action: query.action ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
      },
    },
    now,
  );
}
