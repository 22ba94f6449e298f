import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
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

/** A database migrated once per test run (test/global-setup.ts), copied for each test database. */
export type TestDbTemplate = { kind: 'sqlite'; file: string } | { kind: 'postgres'; database: string };

declare module 'vitest' {
  export interface ProvidedContext {
    testDbTemplate: TestDbTemplate | undefined;
  }
}

export function testDbKind(): TestDbKind {
  if (process.env.TEST_DB === 'none') {
    throw new Error(
      'This file is in the `unit` Vitest project, which runs once and has no database. A test that needs a ' +
        'database or an app belongs in the database projects: take its file out of UNIT_TESTS in vitest.config.ts.',
    );
  }
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * Where test SQLite files go: memory-backed /dev/shm when there is one. The database code is the same
 * (it still asks for every commit to be flushed); a flush to memory costs nothing, one to disk ~10 ms.
 */
export function testFilesDir(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

function template(kind: TestDbKind): TestDbTemplate | undefined {
  let provided: TestDbTemplate | undefined;
  try {
    provided = inject('testDbTemplate');
  } catch {
    return undefined; // not inside a Vitest worker
  }
  return provided?.kind === kind ? provided : undefined;
}

/**
 * A fresh, migrated database of its own: a temp SQLite file, or a new PostgreSQL database. Copied from the
 * run's migrated template when there is one (a file copy, or CREATE DATABASE … TEMPLATE), else migrated here.
 */
export async function createTestDb(kind: TestDbKind = testDbKind()): Promise<TestDb> {
  const from = template(kind);
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(testFilesDir(), 'qm-test-'));
    const config = { kind: 'sqlite', file: join(dir, 'test.sqlite') } as const;
    if (from?.kind === 'sqlite') copyFileSync(from.file, config.file);
    return opened(kind, config, !from, () => rmSync(dir, { recursive: true, force: true }));
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DB=postgres needs DATABASE_URL');
  const name = `qm_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgresAdmin(adminUrl);
  if (from?.kind === 'postgres') await cloneDatabase(admin, from.database, name);
  else await sql`create database ${sql.id(name)}`.execute(admin);
  const config = { kind: 'postgres', url: databaseUrl(adminUrl, name) } as const;
  return opened(kind, config, !from, async () => {
    await dropDatabase(admin, name);
    await admin.destroy();
  });
}

/** Opens the new database (migrating it when it was not copied from the template); `drop` closes, then removes it. */
async function opened(
  kind: TestDbKind,
  config: DatabaseConfig,
  migrate: boolean,
  remove: () => void | Promise<void>,
): Promise<TestDb> {
  const db = createDb(config);
  if (migrate) await migrateToLatest(db);
  return {
    kind,
    db,
    config,
    drop: async () => {
      await db.destroy();
      await remove();
    },
  };
}

export function postgresAdmin(adminUrl: string): Kysely<unknown> {
  return new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: adminUrl, max: 1 }) }),
  });
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * CREATE DATABASE … TEMPLATE, copying the files (PostgreSQL 15+; ~15 ms against ~150 ms through the WAL
 * for a database this small). Fails while anyone is connected to the template; nobody should be, so a
 * short retry covers a template still closing.
 */
async function cloneDatabase(admin: Kysely<unknown>, templateName: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`create database ${sql.id(name)} template ${sql.id(templateName)} strategy file_copy`.execute(admin);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '55006' || attempt >= 50) throw error; // object_in_use: "being accessed by other users"
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export async function dropDatabase(admin: Kysely<unknown>, name: string): Promise<void> {
  // Wait for the pool's sockets to close, so a forced drop never kills a live connection.
  for (let i = 0; i < 50; i++) {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_stat_activity where datname = ${name}`.execute(admin);
    if (!rows[0]?.n) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
}
