import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../../test/helpers/db.js';

interface Probe {
  statement_probe: { id: number; note?: string | null };
}

let t: TestDb;
beforeAll(async () => {
  if (testDbKind() === 'postgres') t = await createTestDb();
});
afterAll(async () => t?.drop());

// Statements with parameters are prepared on the server under a name per connection (create-db.ts).
describe.skipIf(testDbKind() !== 'postgres')('statements PostgreSQL keeps per connection', () => {
  it('run again with new values, and recover once a schema change has made the kept plan unusable', async () => {
    const db = t.db as unknown as Kysely<Probe>;
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
