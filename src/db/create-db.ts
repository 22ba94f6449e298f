import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
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
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  if (config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
  const sqlite = new SQLite(config.file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a committed transaction survives power loss, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely asks better-sqlite3 to prepare every query afresh; preparing costs as much as running most of
 * ours. The app's queries come from a fixed set of builders, so their SQL repeats: keep the prepared
 * statements by SQL text (bounded, least recently used first out). Safe because better-sqlite3 runs one
 * statement at a time on this connection and Kysely never iterates one lazily.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
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
