import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createRequire } from 'node:module';
import type { DatabaseConfig } from '../config/config.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

// pg is loaded only when PostgreSQL is configured: the SQLite default never pays for it in memory.
const require = createRequire(import.meta.url);

/** Opens the database named by config: SQLite (one file, the default) or PostgreSQL. */
export function createDb(config: DatabaseConfig): Db {
  if (config.kind === 'postgres') {
    const pg = require('pg') as typeof import('pg');
    const pool = new pg.Pool({ connectionString: config.url, max: 10, idleTimeoutMillis: 30_000 });
    // An idle connection the server closes (restart, failover) must not crash the process: the pool
    // drops it and the next query opens a new one. Errors during queries still reach the caller.
    pool.on('error', () => undefined);
    if (config.namedStatements) pool.on('connect', (client) => preparedByText(client));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
  const sqlite = new SQLite(config.file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a committed transaction survives power loss, not only a process crash. Group-committed batches
  // (audit.group-commit) commit NORMAL and are answered after flushing the log themselves: as durable.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const log = config.file === ':memory:' ? undefined : writeAheadLog(`${config.file}-wal`);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite, () => log?.close()) }),
  });
  if (log) logs.set(db, log);
  return db;
}

interface WriteAheadLog {
  flush(): Promise<void>;
  close(): void;
}
const logs = new WeakMap<Db, WriteAheadLog>();

/**
 * Flushes the SQLite database's write-ahead log to disk on libuv's thread pool, so the event loop goes on
 * serving while the disk works. A transaction committed with `synchronous = NORMAL` is in the log but not
 * yet on disk; once this resolves it is as durable as a FULL commit. Undefined for PostgreSQL and for an
 * in-memory database.
 */
export function writeAheadLogOf(db: Db): WriteAheadLog['flush'] | undefined {
  const log = logs.get(db);
  return log ? () => log.flush() : undefined;
}

function writeAheadLog(path: string): WriteAheadLog {
  // Opened on first use: SQLite creates the file with the first write and keeps it while the database is open.
  let fd: number | undefined;
  return {
    flush: () =>
      new Promise<void>((resolve, reject) => {
        fd ??= openSync(path, 'r+');
        fdatasync(fd, (error) => (error ? reject(error) : resolve()));
      }),
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

const STATEMENT_CACHE_SIZE = 500;

/** PostgreSQL's code for "prepared statement … does not exist". */
const STATEMENT_MISSING = '26000';

export class NamedStatementsLostError extends Error {
  constructor() {
    super(
      'PG_NAMED_STATEMENTS is true, but the database forgot a prepared statement between two queries on one ' +
        'connection. This happens behind PgBouncer in transaction pooling mode: set max_prepared_statements in ' +
        'PgBouncer (1.21 or later), or set PG_NAMED_STATEMENTS=false.',
    );
    this.name = 'NamedStatementsLostError';
  }
}

/**
 * At start-up, with named statements on: runs one statement again and again on every connection of the
 * pool, each in transactions of its own, so that a pooler handing each transaction a different server
 * connection shows itself here, with an explanation, rather than as failed requests later.
 */
export async function checkNamedStatements(db: Db, rounds = 4): Promise<void> {
  const probe = (n: number) => sql<{ n: number }>`select ${n}::int as n`.execute(db);
  try {
    for (let round = 0; round < rounds; round++) await Promise.all([1, 2, 3, 4].map((n) => probe(n)));
  } catch (error) {
    if ((error as { code?: string }).code === STATEMENT_MISSING) throw new NamedStatementsLostError();
    throw error;
  }
}

/**
 * With PG_NAMED_STATEMENTS=true: PostgreSQL parses and plans an unnamed statement afresh every time. Naming each statement by its SQL
 * text makes the server keep it per connection, so a repeated query is only bound and run. Bounded per
 * connection: past the limit, new texts run unnamed. A statement whose plan a schema change made
 * unusable ("cached plan must not change result type") fails once and is then prepared under a new name.
 */
function preparedByText(client: import('pg').PoolClient) {
  const names = new Map<string, string>();
  let made = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const named = (text: string, values: unknown[]) => {
    let name = names.get(text);
    if (name === undefined && names.size < STATEMENT_CACHE_SIZE) {
      made += 1;
      name = `qm${made}`;
      names.set(text, name);
    }
    if (name === undefined) return query(text, values);
    return query({ name, text, values }).catch((error: { code?: string }) => {
      if (error.code === '0A000') names.delete(text);
      throw error;
    });
  };
  client.query = ((text: unknown, values?: unknown, ...rest: unknown[]) =>
    typeof text === 'string' && Array.isArray(values) && values.length > 0 && rest.length === 0
      ? named(text, values)
      : query(text, values, ...rest)) as typeof client.query;
}

/**
 * Kysely asks better-sqlite3 to prepare every query afresh; preparing costs as much as running most of
 * ours. The app's queries come from a fixed set of builders, so their SQL repeats: keep the prepared
 * statements by SQL text (bounded, least recently used first out). Safe because better-sqlite3 runs one
 * statement at a time on this connection and Kysely never iterates one lazily.
 */
function withStatementCache(sqlite: SQLite.Database, onClose: () => void) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      onClose();
      sqlite.close();
    },
    prepare(sql: string): SQLite.Statement {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
