import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { toCsv } from '../../lib/csv.js';
import { listActions } from './actions.service.js';
import { IMPORT_COLUMNS, templateRows } from './import.rows.js';
import { auditOf, makeWorld, page, type World } from '../../../test/helpers/actions-world.js';
import { withHiddenEntry, zeros } from '../../../test/helpers/hostile-files.js';
import { fuzzRuns } from '../../../test/helpers/fuzz.js';

let w: World;
let review: { id: string; url: string };

/** Posts the import form with the file, as a browser does. */
const upload = (client: Client, url: string, file?: { name: string; data: Buffer }) =>
  client.postMultipart(url, {}, file ? { file } : {});

const csv = (rows: string[][]) => ({ name: 'actions.csv', data: Buffer.from(toCsv(rows)) });

async function xlsx(rows: (string | Date)[][]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Actions');
  for (const row of rows) sheet.addRow(row);
  return { name: 'actions.xlsx', data: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

const GOOD: string[][] = [
  [...IMPORT_COLUMNS],
  ['Review task', 'Send the letter to the family', 'First contact', '', '4', '', 'Business manager', '', '', ''],
  [
    'Improvement action',
    'Refresh the escalation policy',
    '',
    '1',
    '',
    'Police; Health',
    'Head of safeguarding',
    '31/3/2027',
    'In progress',
    'Amber',
  ],
  ['improvement', 'Audit the policy', 'A year on', 'R1', '', 'Health', '', '2027-06-30', 'not started', 'g'],
];

const count = async () => (await listActions(w.t.testDb.db, w.orgId, review.id)).length;

beforeAll(async () => {
  w = await makeWorld();
  review = await w.startReview();
  await w.manager.post(`${review.url}/findings/new`, { kind: 'finding', text: 'Escalation was not used.' });
  await w.manager.post(`${review.url}/findings/new`, { kind: 'recommendation', text: 'Audit the policy.' });
  GOOD[3]![6] = w.people.chair.name;
});
afterAll(async () => w.t.close());

describe('importing actions', () => {
  it('shows the import page with the columns, limits and template', async () => {
    const p = await page(w.manager, `${review.url}/actions/import`);
    expect(p.h1).toBe('Import actions');
    expect(p.text('main')).toContain('A file can be up to 1 MB and add up to 500 actions.');
    const template = await w.manager.get(`${review.url}/actions/import/template.csv`);
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(template.body.split('\r\n')[0]).toBe(
      'Kind,Title,Description,Finding number,Marker,Agencies,Owner,Due date,Status,RAG',
    );
    // The template itself imports cleanly.
    const res = await upload(w.manager, `${review.url}/actions/import`, {
      name: 'template.csv',
      data: Buffer.from(template.body),
    });
    expect(res.statusCode).toBe(303);
    expect(await count()).toBe(templateRows().length - 1);
  });

  it('imports every row of a good CSV file in one go, numbered after the actions already there', async () => {
    const before = await count();
    const res = await upload(w.manager, `${review.url}/actions/import`, csv(GOOD));
    expect(res.statusCode).toBe(303);
    const list = await page(w.manager, res.headers.location as string);
    expect(list.text('.govuk-notification-banner')).toContain('3 actions imported.');
    const actions = (await listActions(w.t.testDb.db, w.orgId, review.id)).slice(before);
    expect(actions.map((a) => [a.number, a.kind, a.title, a.status, a.rag, a.due_date])).toEqual([
      [before + 1, 'review-task', 'Send the letter to the family', 'not-started', null, null],
      [before + 2, 'improvement', 'Refresh the escalation policy', 'in-progress', 'amber', '2027-03-31'],
      [before + 3, 'improvement', 'Audit the policy', 'not-started', 'green', '2027-06-30'],
    ]);
    expect(actions[0]!.marker_key).toBe('informing-the-family');
    expect(actions[1]!.agencies).toEqual(['Police', 'Health']);
    expect(actions[2]!.owner_user_id).toBe(w.people.chair.id);
    expect((await auditOf(w, review.id)).filter((a) => a.action === 'actions.imported').at(-1)?.detail).toBe(
      JSON.stringify({ count: 3 }),
    );
  });

  it('imports an XLSX workbook, reading the spreadsheet’s own dates', async () => {
    const before = await count();
    const rows: (string | Date)[][] = GOOD.map((r) => [...r]);
    rows[2]![7] = new Date(Date.UTC(2027, 2, 31));
    const res = await upload(w.manager, `${review.url}/actions/import`, await xlsx(rows));
    expect(res.statusCode).toBe(303);
    const actions = (await listActions(w.t.testDb.db, w.orgId, review.id)).slice(before);
    expect(actions.map((a) => a.due_date)).toEqual([null, '2027-03-31', '2027-06-30']);
  });

  it('reports every bad row by row and column, and imports nothing', async () => {
    const before = await count();
    const rows = GOOD.map((r) => [...r]);
    rows[1]![0] = 'Chore';
    rows[2]![7] = '31/2/2027';
    rows[2]![3] = '9';
    rows[3]![1] = '';
    rows[3]![9] = 'purple';
    rows.push(['Improvement action', 'No date', '', '1', '', '', 'Someone', '', '', '']);
    const res = await upload(w.manager, `${review.url}/actions/import`, csv(rows));
    expect(res.statusCode).toBe(400);
    const p = readPage(res.body);
    expect(p.title).toBe('Error: Import actions – LCSPR 2026/1 – Quality Markers');
    expect(p.errorLinks.map((l) => l.text)).toEqual([
      'Row 2, column A: Enter the kind as review task or improvement action',
      'Row 3, column D: There is no finding 9 on this review: enter the number of one of its findings',
      'Row 3, column H: Enter a due date as a real date, like 31/3/2027',
      'Row 4, column B: Enter a title',
      'Row 4, column J: Enter the RAG rating as red, amber or green, or leave it empty',
      'Row 5, column H: Enter a due date, like 31/3/2027',
    ]);
    expect(p.errorLinks.every((l) => l.href === '#file')).toBe(true);
    expect(p.text('#file-error')).toContain('actions.csv has 6 problems and nothing was imported');
    expect(await count()).toBe(before);
  });

  it('names the limits and the missing parts', async () => {
    const errorsFor = async (file?: { name: string; data: Buffer }) => {
      const res = await upload(w.manager, `${review.url}/actions/import`, file);
      expect(res.statusCode).toBe(400);
      return readPage(res.body).errorLinks.map((l) => l.text);
    };
    expect(await errorsFor()).toEqual(['Select a CSV or XLSX file']);
    expect(await errorsFor({ name: 'big.csv', data: Buffer.alloc(1024 * 1024 + 10, 'a') })).toEqual([
      'The selected file must be 1 MB or smaller',
    ]);
    expect(await errorsFor({ name: 'notes.pdf', data: Buffer.from('%PDF-1.4') })).toEqual([
      'The selected file must be a CSV or XLSX file',
    ]);
    const many = [
      [...IMPORT_COLUMNS],
      ...Array.from({ length: 501 }, (_, i) => ['Review task', `Task ${i}`, '', '', '', '', 'Someone', '', '', '']),
    ];
    expect(await errorsFor(csv(many))).toEqual([
      'Row 502: A file can add 500 actions at most: this one has 501. Split it into smaller files',
    ]);
    expect(
      await errorsFor(
        csv([
          ['Kind', 'Title'],
          ['Review task', 'x'],
        ]),
      ),
    ).toEqual([
      'Row 1: The header row must name every column: add Description, Finding number, Marker, Agencies, Owner, Due date, Status, RAG. Download the template to see the columns',
    ]);
    expect(await errorsFor(csv([[...IMPORT_COLUMNS]]))).toEqual([
      'Row 2: The file has no actions: add one row per action under the header row',
    ]);
    expect(await errorsFor({ name: 'a.xlsx', data: Buffer.from('PK\u0003\u0004 not really') })).toEqual([
      'The file is not an XLSX spreadsheet that we can read: save it again as an Excel workbook (.xlsx)',
    ]);
  });

  it('refuses a workbook with an entry its ZIP end record does not count, which would unpack to 41 MB', async () => {
    const good = (await xlsx(GOOD)).data;
    const bomb = withHiddenEntry(good, zeros('xl/hidden.xml', 41 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(good.length + 100 * 1024);
    const before = await count();
    const res = await upload(w.manager, `${review.url}/actions/import`, { name: 'actions.xlsx', data: bomb });
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).errorLinks.map((l) => l.text)).toEqual([
      'The file is not an XLSX spreadsheet that we can read: save it again as an Excel workbook (.xlsx)',
    ]);
    expect(await count()).toBe(before);
  });

  it('is for those who may add actions; other partnerships get 404', async () => {
    expect((await w.observer.get(`${review.url}/actions/import`)).statusCode).toBe(403);
    expect((await upload(w.observer, `${review.url}/actions/import`, csv(GOOD))).statusCode).toBe(403);
    expect((await w.outsider.get(`${review.url}/actions/import`)).statusCode).toBe(404);
    expect((await upload(w.outsider, `${review.url}/actions/import`, csv(GOOD))).statusCode).toBe(404);
    expect((await w.outsider.get(`${review.url}/actions/import/template.csv`)).statusCode).toBe(404);
  });
});

describe('importing bad files (fuzzed)', () => {
  const junk = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      '',
      '"',
      '""',
      ';',
      ',',
      '\n',
      '\r',
      '31/2/2027',
      '0/0/0',
      '99',
      'R0',
      'red',
      'Completed',
      '=1+1',
      '\u0000',
      'x'.repeat(300),
    ),
  );

  it('never answers 500, and imports all of a file or none of it (CSV)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(GOOD.length), fc.nat(12), junk), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        async (edits, raw) => {
          const rows = GOOD.map((r) => [...r]);
          for (const [r, c, v] of edits) {
            const row = rows[r % rows.length]!;
            row[c % (row.length + 2)] = v;
          }
          const data = raw
            ? Buffer.from(rows.map((r) => r.join(',')).join('\n'))
            : Buffer.from(toCsv(rows.map((r) => r.map((v) => v ?? ''))));
          const before = await count();
          const res = await upload(w.manager, `${review.url}/actions/import`, { name: 'fuzz.csv', data });
          expect([303, 400]).toContain(res.statusCode);
          const added = (await count()) - before;
          if (res.statusCode === 400) expect(added).toBe(0);
          else expect(added).toBeGreaterThan(0);
        },
      ),
      { numRuns: fuzzRuns(40) },
    );
  }, 180_000);

  it('never answers 500, and imports all of a file or none of it (XLSX and random bytes)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(GOOD.length), fc.nat(11), junk), { minLength: 1, maxLength: 4 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(3),
        async (edits, bytes, mode) => {
          let data: Buffer;
          if (mode === 0) {
            data = Buffer.from(bytes);
          } else {
            const rows: string[][] = GOOD.map((r) => [...r]);
            for (const [r, c, v] of edits) rows[r % rows.length]![c] = v.split('\u0000').join('');
            data = (await xlsx(rows)).data;
            // Sometimes damage the workbook itself.
            if (mode === 3) for (let i = 0; i < bytes.length; i++) data[(i * 97) % data.length] = bytes[i]!;
          }
          const before = await count();
          const res = await upload(w.manager, `${review.url}/actions/import`, {
            name: mode === 0 ? 'fuzz.bin' : 'fuzz.xlsx',
            data,
          });
          expect([303, 400]).toContain(res.statusCode);
          if (res.statusCode === 400) expect(await count()).toBe(before);
        },
      ),
      { numRuns: fuzzRuns(30) },
    );
  }, 180_000);
});
