import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../../test/helpers/db.js';
import { checkNamedStatements, createDb, NamedStatementsLostError, type Db } from './create-db.js';

interface Probe {
  statement_probe: { id: number; note?: string | null };
}

let t: TestDb;
let named: Db;
beforeAll(async () => {
  if (testDbKind() !== 'postgres' || t) return;
  t = await createTestDb();
  if (t.config.kind === 'postgres') named = createDb({ ...t.config, namedStatements: true });
});
afterAll(async () => {
  await named?.destroy();
  await t?.drop();
});

const preparedHere = (db: Db) =>
  db.connection().execute(async (c) => {
    await sql`select ${1}::int as n`.execute(c);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(c);
    return rows[0]!.n;
  });

describe('named statements on PostgreSQL', () => {
  it('stop the start with an explanation of PgBouncer when the server forgets a statement', async () => {
    // A connection that answers every query as a pooler in transaction mode would: the statement is gone.
    const forgetful: DatabaseConnection = {
      executeQuery: () =>
        Promise.reject(Object.assign(new Error('prepared statement "qm1" does not exist'), { code: '26000' })),
      // eslint-disable-next-line require-yield
      streamQuery: async function* () {
        throw new Error('not used');
      },
    };
    const driver: Driver = {
      init: async () => undefined,
      acquireConnection: async () => forgetful,
      beginTransaction: async () => undefined,
      commitTransaction: async () => undefined,
      rollbackTransaction: async () => undefined,
      releaseConnection: async () => undefined,
      destroy: async () => undefined,
    };
    const db = new Kysely<unknown>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => driver,
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    }) as unknown as Db;
    await expect(checkNamedStatements(db)).rejects.toThrow(NamedStatementsLostError);
    await expect(checkNamedStatements(db)).rejects.toThrow(
      /PgBouncer .* max_prepared_statements .* PG_NAMED_STATEMENTS=false/,
    );
  });
});

// Statements with parameters are prepared on the server under a name per connection (create-db.ts).
describe.skipIf(testDbKind() !== 'postgres')('statements PostgreSQL keeps per connection', () => {
  it('are kept only with named statements on, and pass the start-up check on a direct connection', async () => {
    expect(await preparedHere(t.db)).toBe(0);
    expect(await preparedHere(named)).toBeGreaterThan(0);
    await expect(checkNamedStatements(named)).resolves.toBeUndefined();
  });

  it('run again with new values, and recover once a schema change has made the kept plan unusable', async () => {
    const db = named as unknown as Kysely<Probe>;
    await sql`create table statement_probe (id integer primary key)`.execute(db);
    await db
      .insertInto('statement_probe')
      .values([{ id: 1 }, { id: 2 }])
      .execute();
    await db.connection().execute(async (c) => {
      const byId = (id: number) => c.selectFrom('statement_probe').selectAll().where('id', '=', id).execute();
      expect(await byId(1)).toEqual([{ id: 1 }]);
      expect(await byId(2)).toEqual([{ id: 2 }]);
      await sql`alter table statement_probe add column note text`.execute(c);
      // The plan kept for `select *` no longer matches the table: that call fails, and the next is prepared afresh.
      await expect(byId(1)).rejects.toThrow(/cached plan must not change result type/);
      expect(await byId(1)).toEqual([{ id: 1, note: null }]);
    });
  });
});
