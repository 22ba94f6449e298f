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
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
