import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureText, xlsxBuffer } from '../../../test/fixtures/frameworks/fixtures.js';
import { parseCsv, toCsv } from '../../lib/csv.js';
import { placeOf, type FrameworkProblem } from './framework.parse.js';
import { readFrameworkFile } from './framework.read.js';
import { readFrameworkSheets, type SheetDefaults } from './framework.sheet.js';
import { checkZip } from '../../lib/untrusted/spreadsheet.js';

const defaults: SheetDefaults = {
  title: 'Riverside review checks',
  version: '1.0.0',
  publisher: 'Riverside Safeguarding Partnership',
  published: '2026-01-15',
};
const csv = fixtureText('local.csv');
const rows = parseCsv(csv).rows;
const HEADER = ['stage', 'marker', 'statement', 'rationale', 'question', 'audiences'];

const read = (text: string, d: SheetDefaults = defaults) => readFrameworkFile('local.csv', Buffer.from(text), d);
const messages = (problems: FrameworkProblem[]) => problems.map((p) => `${placeOf(p)}: ${p.message}`);

describe('reading a CSV spreadsheet, one row per question', () => {
  it('builds stages, markers and questions, carrying stage and marker down blank cells', async () => {
    const result = await read(csv);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const fw = result.framework;
    expect(fw).toMatchObject({ key: 'riverside-review-checks', version: '1.0.0', title: 'Riverside review checks' });
    expect(fw.stages.map((s) => [s.key, s.title, s.markers.map((m) => `${m.number} ${m.key}`)])).toEqual([
      ['before-the-review', 'Before the review', ['1 scope', '2 choosing-the-reviewer']],
      ['during-the-review', 'During the review', ['3 practitioners-voices', '4 records', '5 report']],
    ]);
    expect(fw.stages[0]!.markers[0]!.questions.map((q) => [q.key, q.audiences])).toEqual([
      ['has-the-panel-agreed-the-scope', ['review-panel']],
      ['has-the-family-been-asked-what', ['review-panel', 'lead-reviewer']],
      ['is-there-a-date-by-which', ['review-panel']],
    ]);
    expect(fw.audiences).toEqual([
      { key: 'review-panel', label: 'Review panel' },
      { key: 'lead-reviewer', label: 'Lead reviewer' },
    ]);
    expect(fw.scale.map((s) => s.key)).toEqual(['met', 'partly-met', 'not-met', 'not-yet-assessed', 'not-applicable']);
    expect(fw.publisher).toBe('Riverside Safeguarding Partnership');
  });

  it('takes keys from key columns when they are there', async () => {
    const withKeys = toCsv([
      [...HEADER, 'stage_key', 'marker_key', 'question_key'],
      ['Before', 'Scope', 'Statement.', 'Rationale.', 'Agreed?', 'Panel', 'set-up', 'scope-2', 'agreed'],
    ]);
    const result = await read(withKeys);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.framework.stages[0]).toMatchObject({
      key: 'set-up',
      markers: [{ key: 'scope-2', questions: [{ key: 'agreed' }] }],
    });
  });

  it('lists every problem at once, each with its row and column letter', async () => {
    const broken = rows.map((r) => [...r]);
    broken[2]![4] = ''; // row 3: a question with audiences but no text
    broken[3]![2] = 'A different statement.'; // row 4: marker Scope's statement again, different
    broken[6]![0] = ''; // row 7 keeps its stage from the row above: fine
    broken[7]![5] = ''; // row 8: question without audiences
    const result = await read(toCsv(broken));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(messages(result.problems)).toEqual([
      "row 4, column C: Marker 'scope' has a different statement at row 2: give it once, or the same each time",
      "row 3, column E: Question 'question' text must not be empty",
      "row 8, column F: Question 'is-there-a-joint-chronology' has no audiences",
    ]);
    expect(result.problems.map((p) => p.field)).toEqual(['statement', 'question', 'audiences']);
  });

  it("says a marker with no questions has none: 'Marker 'scope' has no questions'", async () => {
    const text = toCsv([
      HEADER,
      ['Before', 'Scope', 'Statement.', 'Rationale.', '', ''],
      ['', 'Next', 'S.', 'R.', 'Q?', 'Panel'],
    ]);
    const result = await read(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(messages(result.problems)).toEqual(["row 2, column B: Marker 'scope' has no questions"]);
  });

  it('names missing and unknown columns in the first row', async () => {
    const result = await read('stage,marker,question,audience,notes\nA,B,C?,D\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(messages(result.problems)).toEqual([
        "row 1, column E: Column 'notes' is not one we know: use stage, stage_key, marker, marker_key, statement, rationale, question, question_key, audiences",
        'row 1: The first row must name the columns stage, marker, statement, rationale, question, audiences; missing: statement, rationale',
      ]);
    }
  });

  it('asks for the title and version of a CSV file, by form field', async () => {
    const result = await read(csv, { publisher: 'Riverside', published: '2026-01-15' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => [p.field, p.message, placeOf(p)])).toEqual([
        ['key', 'Key is missing', ''],
        ['version', 'Version is missing', ''],
        ['title', 'Title is missing', ''],
      ]);
    }
  });

  it('refuses more question rows than the limits allow, naming them', async () => {
    const many = [
      HEADER,
      ...Array.from({ length: 5001 }, (_, i) => ['S', `M${Math.floor(i / 50)}`, 'St.', 'R.', `Q${i}?`, 'P']),
    ];
    const result = await read(toCsv(many));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]?.message).toBe(
        'A spreadsheet can have at most 5000 question rows (100 markers of 50 questions); this one has 5001',
      );
    }
  });

  it('reports an unclosed quote with its place', async () => {
    const result = await read('stage,marker\n"oops,b\n');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(messages(result.problems)).toEqual([
        'row 2, column A: A quoted value is not closed: add the closing double quote',
      ]);
  });
});

describe('reading an XLSX workbook', () => {
  const questions = rows.map((r) => r.map((c) => c || null));
  const frameworkSheet = [
    ['field', 'value', 'label'],
    ['key', 'riverside-review-checks'],
    ['version', '1.2.0'],
    ['title', 'Riverside review checks'],
    ['summary', 'Five checks.'],
    ['published', new Date('2026-03-01T00:00:00Z')],
    ['audience', 'panel', 'Review panel'],
    ['audience', 'reviewer', 'Lead reviewer'],
    ['scale', 'yes', 'Yes'],
    ['scale', 'no', 'No'],
  ];

  it('reads the Questions and Framework sheets, matching audiences by label', async () => {
    const bytes = await xlsxBuffer({ Framework: frameworkSheet, Questions: questions });
    const result = await readFrameworkFile('local.xlsx', bytes, { publisher: 'Riverside', published: '2026-01-01' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.format).toBe('xlsx');
    expect(result.framework).toMatchObject({ version: '1.2.0', published: '2026-03-01', summary: 'Five checks.' });
    expect(result.framework.audiences.map((a) => a.key)).toEqual(['panel', 'reviewer']);
    expect(result.framework.scale.map((a) => a.label)).toEqual(['Yes', 'No']);
    expect(result.framework.stages[0]!.markers[0]!.questions[1]!.audiences).toEqual(['panel', 'reviewer']);
  });

  it('places problems on either sheet', async () => {
    const badMeta = frameworkSheet.map((r) => [...r]);
    badMeta[2] = ['version', 'one'];
    badMeta.push(['colour', 'blue']);
    const badQuestions = questions.map((r) => [...r]);
    badQuestions[6]![5] = 'Someone else';
    const bytes = await xlsxBuffer({ Questions: badQuestions, Framework: badMeta });
    const result = await readFrameworkFile('local.xlsx', bytes, { publisher: 'Riverside', published: '2026-01-01' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(messages(result.problems)).toEqual([
        "Framework sheet, row 11, column A: 'colour' is not a framework field: use key, version, title, summary, publisher, published, source, source_url, source_note, licence, audience, scale",
        'Framework sheet, row 3, column B: Version must be a version like "1.0.0"',
        "Questions sheet, row 7, column F: Audience 'someone-else' is not one of the framework's audiences",
      ]);
    }
  });

  it('refuses a file that is not a workbook, and a zip that unpacks to too much', async () => {
    const notXlsx = await readFrameworkFile('x.xlsx', Buffer.from('PK\u0003\u0004 not really'), defaults);
    expect(notXlsx.ok).toBe(false);
    if (!notXlsx.ok) expect(notXlsx.problems[0]?.message).toMatch(/^The file is not an XLSX spreadsheet/);
    const { deflateRawSync } = await import('node:zlib');
    expect(checkZip(zipOf('xl/worksheets/sheet1.xml', deflateRawSync(Buffer.alloc(41 * 1024 * 1024))))).toBe(
      'The spreadsheet unpacks to more than 40 MB: make it smaller',
    );
  });
});

describe('broken spreadsheets', () => {
  const cell = fc.oneof(
    fc.constantFrom('', 'Scope', 'Before', 'Panel', 'review-panel', 'x'.repeat(5001), '?', ',', '"', 'print'),
    fc.string({ maxLength: 20 }),
  );
  const row = fc.array(cell, { minLength: 0, maxLength: 9 });

  it('never throw, and always answer with problems that say where they are', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(rows.length), row), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (edits, keepHeader) => {
          const copy = rows.map((r) => [...r]);
          for (const [at, cells] of edits) copy[keepHeader ? Math.max(1, at) : at] = cells;
          const result = await read(toCsv(copy));
          if (result.ok) return;
          expect(result.problems.length).toBeGreaterThan(0);
          for (const p of result.problems) {
            expect(p.message.length).toBeGreaterThan(0);
            // Every problem has a place, except missing framework fields (they belong to the form).
            if (!placeOf(p)) expect(['key', 'version', 'title', 'summary', '(file)']).toContain(p.field);
          }
        },
      ),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('never throw on sheets of arbitrary cells', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.option(fc.array(row, { maxLength: 5 })), (cells, meta) => {
        const result = readFrameworkSheets(
          { name: 'Questions', rows: cells },
          meta ? { name: 'Framework', rows: meta } : undefined,
          defaults,
        );
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

/** A one-entry ZIP file, enough for the unpacked-size check. */
function zipOf(name: string, deflated: Buffer): Buffer {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(0, 42);
  const centralStart = local.length + nameBytes.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralStart, 16);
  return Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]);
}
