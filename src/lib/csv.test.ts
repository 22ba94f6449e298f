import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnLetter, csvLine, parseCsv, toCsv, writeCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads plain rows with CRLF, LF or CR line ends', () => {
    expect(parseCsv('a,b\r\nc,d\r\n').rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('a,b\nc,d').rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('a,b\rc,d\r').rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('reads quoted values with separators, doubled quotes and line breaks, keeping them in one row', () => {
    const { rows, problems } = parseCsv('"one, two","say ""hello""","line 1\r\nline 2"\r\nnext,,""\r\n');
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      ['one, two', 'say "hello"', 'line 1\r\nline 2'],
      ['next', '', ''],
    ]);
  });

  it('keeps empty rows and trailing empty values, as a spreadsheet shows them', () => {
    expect(parseCsv('a\n\nb,\n').rows).toEqual([['a'], [''], ['b', '']]);
    expect(parseCsv('').rows).toEqual([]);
  });

  it('drops a byte-order mark and detects semicolons or tabs when the first row has no comma', () => {
    expect(parseCsv('\uFEFFstage;marker\nA;B').rows).toEqual([
      ['stage', 'marker'],
      ['A', 'B'],
    ]);
    expect(parseCsv('stage\tmarker\nA\tB, C').rows).toEqual([
      ['stage', 'marker'],
      ['A', 'B, C'],
    ]);
  });

  it('keeps a stray quote inside an unquoted value', () => {
    expect(parseCsv('the "best" one,b').rows).toEqual([['the "best" one', 'b']]);
  });

  it('names the row and column of a quoted value that is never closed', () => {
    const { problems } = parseCsv('a,b\nc,"unfinished\nmore');
    expect(problems).toEqual([
      { row: 2, column: 2, message: 'A quoted value is not closed: add the closing double quote' },
    ]);
  });

  it('names text after a closing quote', () => {
    const { rows, problems } = parseCsv('"a"x,b');
    expect(rows).toEqual([['ax', 'b']]);
    expect(problems[0]).toMatchObject({ row: 1, column: 1 });
  });

  it('reads back whatever toCsv writes', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', ';', 'é') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const width = rows[0]!.length;
        const square = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const result = parseCsv(toCsv(square), { delimiter: ',' });
        expect(result.problems).toEqual([]);
        expect(result.rows).toEqual(square);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ';', '\t', ' ') }), (text) => {
        const result = parseCsv(text);
        for (const p of result.problems) {
          expect(p.row).toBeGreaterThan(0);
          expect(p.column).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('columnLetter', () => {
  it('numbers columns as spreadsheets do', () => {
    expect([1, 3, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'C', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

describe('writeCsv and csvLine', () => {
  it('defuse any cell a spreadsheet would run as a formula, in every file the app sends', () => {
    for (const start of ['=', '+', '-', '@', '\t'])
      expect(csvLine([`${start}1`, 'plain'])).toBe(`'${start}1,plain\r\n`);
    expect(csvLine(['\r1'])).toBe(`"'\r1"\r\n`);
    expect(
      writeCsv([
        ['=SUM(A1)', '2'],
        ['a, b', '-'],
      ]),
    ).toBe(`'=SUM(A1),2\r\n"a, b",'-\r\n`);
    expect(parseCsv(writeCsv([['=1+1', 'x']])).rows).toEqual([["'=1+1", 'x']]);
  });

  it('quote every cell when asked, as the audit log’s download does', () => {
    const cell = (value: string | number) => csvLine([value], { quoteAll: true }).slice(0, -2);
    expect(cell('plain')).toBe('"plain"');
    expect(cell('say "hi", twice')).toBe('"say ""hi"", twice"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(cell(`${start}1`)).toBe(`"'${start}1"`);
    expect(cell(42)).toBe('"42"');
  });

  it('write what toCsv writes when no cell starts like a formula', () => {
    const rows = [
      ['Kind', 'Title'],
      ['Review task', 'Send the letter, today'],
      [' padded ', ''],
    ];
    expect(writeCsv(rows)).toBe(toCsv(rows));
    expect(writeCsv([])).toBe('');
  });
});
