import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/config.js';
import { createDb, type Db } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export type TestDbKind = 'sqlite' | 'postgres';

export interface TestDb {
  kind: TestDbKind;
  db: Db;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

export function testDbKind(): TestDbKind {
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

/** A fresh, migrated database of its own: a temp SQLite file, or a new PostgreSQL database. */
export async function createTestDb(kind: TestDbKind = testDbKind()): Promise<TestDb> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'qm-test-'));
    const config = { kind: 'sqlite', file: join(dir, 'test.sqlite') } as const;
    const db = createDb(config);
    await migrateToLatest(db);
    return {
      kind,
      db,
      config,
      drop: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DB=postgres needs DATABASE_URL');
  const name = `qm_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: adminUrl, max: 1 }) }),
  });
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const config = { kind: 'postgres', url: url.toString() } as const;
  const db = createDb(config);
  await migrateToLatest(db);
  return {
    kind,
    db,
    config,
    drop: async () => {
      await db.destroy();
      // Wait for the pool's sockets to close, so a forced drop never kills a live connection.
      for (let i = 0; i < 50; i++) {
        const { rows } = await sql<{
          n: number;
        }>`select count(*)::int as n from pg_stat_activity where datname = ${name}`.execute(admin);
        if (!rows[0]?.n) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}
