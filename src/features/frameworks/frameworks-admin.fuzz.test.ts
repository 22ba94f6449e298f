import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixtureText, xlsxBuffer } from '../../../test/fixtures/frameworks/fixtures.js';
import type { TestApp } from '../../../test/helpers/app.js';
import { insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { fuzzRuns } from '../../../test/helpers/fuzz.js';
import { readPage } from '../../../test/helpers/html.js';
import { parseCsv, toCsv } from '../../lib/csv.js';
import { frameworksAdminWorld, upload as uploadTo, type Upload } from './frameworks-admin.fixture.js';

// The frameworks admin import form, fed broken files (frameworks-admin.routes.test.ts tests it with good
// and bad ones by hand).
let t: TestApp;
let org: { id: string; slug: string; name: string };

beforeAll(async () => {
  ({ t, org } = await frameworksAdminWorld());
});
afterAll(async () => t.close());

const upload = (client: Client, file: Upload | undefined, fields?: Record<string, string>, csrf?: boolean) =>
  uploadTo(t, client, file, fields, csrf);

// Hundreds through the route (each renders a page); thousands more at the reader in framework.read.test.ts.
describe('broken uploads', () => {
  const yamlLines = fixtureText('local-v1.yaml').split('\n');
  const jsonLines = JSON.stringify(parse(fixtureText('local-v1.yaml')), null, 2).split('\n');
  const csvRows = parseCsv(fixtureText('local.csv')).rows;
  const junk = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', '  -', ':', '[', '{', '"', 'key: 1', '- ', '&a', '*a', '\t'),
  );

  const expectLocatedErrorsOrSuccess = (res: Awaited<ReturnType<typeof upload>>) => {
    expect([303, 400]).toContain(res.statusCode);
    if (res.statusCode === 400) {
      const page = readPage(res.body);
      expect(page.errorLinks.length).toBeGreaterThan(0);
      for (const link of page.errorLinks) expect(link.text.length).toBeGreaterThan(0);
    }
  };

  it('YAML and JSON text mutations: never a crash or a 500, always an error list', async () => {
    const client = await signedInClient(
      t.app,
      t.testDb.db,
      await insertPerson(t.testDb.db, org.id, 'admin', { twoFactor: true }),
      org.id,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(200), junk), { minLength: 1, maxLength: 4 }),
        async (asJson, edits) => {
          const lines = [...(asJson ? jsonLines : yamlLines)];
          for (const [at, text] of edits) lines[at % lines.length] = text;
          const res = await upload(client, { filename: asJson ? 'fuzz.json' : 'fuzz.yaml', content: lines.join('\n') });
          expectLocatedErrorsOrSuccess(res);
        },
      ),
      { numRuns: fuzzRuns(150) },
    );
  }, 600_000);

  it('broken spreadsheet rows (CSV and XLSX): never a crash or a 500, always an error list', async () => {
    const client = await signedInClient(
      t.app,
      t.testDb.db,
      await insertPerson(t.testDb.db, org.id, 'admin', { twoFactor: true }),
      org.id,
    );
    const rowEdit = fc.tuple(fc.nat(csvRows.length), fc.array(junk, { maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowEdit, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 19 }),
        async (edits, pick) => {
          const rows = csvRows.map((r) => [...r]);
          for (const [at, cells] of edits) rows[at] = cells;
          const asXlsx = pick === 0;
          const file: Upload = asXlsx
            ? { filename: 'fuzz.xlsx', content: await xlsxBuffer({ Questions: rows }) }
            : { filename: 'fuzz.csv', content: toCsv(rows) };
          const res = await upload(client, file, { title: 'Fuzzed', version: '1.0.0' });
          expectLocatedErrorsOrSuccess(res);
        },
      ),
      { numRuns: fuzzRuns(100) },
    );
  }, 600_000);
});
