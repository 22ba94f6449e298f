import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText, xlsxBuffer } from '../../../test/fixtures/frameworks/fixtures.js';
import { parseCsv } from '../../lib/csv.js';
import { configureUntrusted } from '../../lib/untrusted/pool.js';
import { placeOf, type FrameworkProblem } from './framework.parse.js';
import { formatOf, readFrameworkFile } from './framework.read.js';

const defaults = { publisher: 'Riverside', published: '2026-01-15', title: 'Fuzzed', version: '1.0.0' };
const junk = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', '  -', ':', '[', '{', '"', 'key: 1', '- ', '&a', '*a', '\t', '}'),
);

/** Problems that cannot have a place in the file: about the whole file, or fields the form gives. */
const UNPLACED = ['(file)', 'key', 'version', 'title', 'summary'];

function expectLocated(problems: FrameworkProblem[]) {
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(p.message.length).toBeGreaterThan(0);
    if (!placeOf(p)) expect(UNPLACED).toContain(p.field);
  }
}

describe('formatOf', () => {
  it('goes by the extension, and knows a ZIP file by its first bytes', () => {
    const none = Buffer.from('x');
    expect(['a.YAML', 'a.yml', 'a.json', 'a.csv', 'a.xlsx', 'a.txt'].map((n) => formatOf(n, none))).toEqual([
      'yaml',
      'yaml',
      'json',
      'csv',
      'xlsx',
      undefined,
    ]);
    expect(formatOf('upload', Buffer.from('PK\u0003\u0004'))).toBe('xlsx');
  });
});

describe('readFrameworkFile on thousands of broken files', () => {
  // What the readers answer, not the worker threads they run in (test/untrusted-uploads.test.ts): a
  // fresh worker per file, loading the spreadsheet library each time, would be most of this test's time.
  beforeAll(() => configureUntrusted({ inline: true }));
  afterAll(() => configureUntrusted({ inline: false }));
  it('refuses text that is not UTF-8, and an empty file', async () => {
    const latin1 = await readFrameworkFile('a.yaml', Buffer.from([0x6b, 0x65, 0x79, 0x3a, 0xe9]), defaults);
    expect(latin1).toMatchObject({
      ok: false,
      problems: [{ message: 'The file is not UTF-8 text: save it again with UTF-8 encoding' }],
    });
    expect(await readFrameworkFile('a.yaml', Buffer.alloc(0), defaults)).toMatchObject({
      ok: false,
      problems: [{ message: 'The file is empty' }],
    });
  });

  it('YAML and JSON line mutations: never throws, problems always placed', async () => {
    const yamlLines = fixtureText('local-v1.yaml').split('\n');
    const jsonLines = JSON.stringify(parse(fixtureText('local-v1.yaml')), null, 2).split('\n');
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(200), junk), { minLength: 1, maxLength: 5 }),
        async (asJson, edits) => {
          const lines = [...(asJson ? jsonLines : yamlLines)];
          for (const [at, text] of edits) lines[at % lines.length] = text;
          const result = await readFrameworkFile(asJson ? 'f.json' : 'f.yaml', Buffer.from(lines.join('\n')), defaults);
          if (!result.ok) expectLocated(result.problems);
        },
      ),
      { numRuns: 2000 },
    );
  }, 300_000);

  it('byte mutations of a real XLSX workbook: never throws, always a plain answer', async () => {
    const good = await xlsxBuffer({ Questions: parseCsv(fixtureText('local.csv')).rows });
    expect((await readFrameworkFile('f.xlsx', good, defaults)).ok).toBe(true);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        async (flips) => {
          const bytes = Buffer.from(good);
          for (const [at, value] of flips) bytes[at] = value;
          const result = await readFrameworkFile('f.xlsx', bytes, defaults);
          if (!result.ok) expectLocated(result.problems);
        },
      ),
      { numRuns: 150 },
    );
  }, 300_000);
});
