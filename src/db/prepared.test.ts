import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.js';
import { insertOrganisation } from '../../test/helpers/client.js';
import { prepared, preparedFirst } from './prepared.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

const organisationNamed = preparedFirst((db, id: string) =>
  db.selectFrom('organisation').select(['id', 'name']).where('id', '=', id),
);

describe('prepared queries', () => {
  it('answer each call with its own values, on the database and inside a transaction', async () => {
    const a = await insertOrganisation(t.db, 'Prepared A');
    const b = await insertOrganisation(t.db, 'Prepared B');
    expect(await organisationNamed(t.db, a.id)).toEqual({ id: a.id, name: 'Prepared A' });
    expect(await organisationNamed(t.db, b.id)).toEqual({ id: b.id, name: 'Prepared B' });
    expect(await organisationNamed(t.db, 'no-such-id')).toBeUndefined();
    const inside = await t.db.transaction().execute((trx) => organisationNamed(trx, b.id));
    expect(inside?.name).toBe('Prepared B');
  });

  it('keep the constants the query was built with, beside the arguments', async () => {
    const org = await insertOrganisation(t.db, 'Prepared C');
    const rename = prepared((db, id: string, name: string) =>
      db
        .updateTable('organisation')
        .set({ name })
        .where('id', '=', id)
        .where('name', '=', 'Prepared C')
        .returning('name'),
    );
    expect(await rename(t.db, org.id, 'Prepared C, renamed')).toEqual([{ name: 'Prepared C, renamed' }]);
    // The constant condition still holds the second time: the name is no longer "Prepared C".
    expect(await rename(t.db, org.id, 'Renamed again')).toEqual([]);
  });

  it('refuse an argument that would become part of the SQL text rather than a value', async () => {
    const byColumn = prepared((db, column: string) => db.selectFrom('organisation').select(column as 'name'));
    await expect(byColumn(t.db, 'name')).rejects.toThrow(/uses an argument in its SQL/);
  });
});
