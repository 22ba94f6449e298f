/**
 * A small RFC 4180 CSV reader. Rows are numbered as a spreadsheet shows them (a quoted value that
 * spans lines stays in one row; a blank line is an empty row). Lenient where spreadsheets are:
 * LF or CR line ends as well as CRLF, a byte-order mark, a stray quote inside an unquoted value.
 * Never throws: problems come back with their row and column.
 */

export interface CsvProblem {
  /** 1-based row */
  row: number;
  /** 1-based column */
  column: number;
  message: string;
}

export interface CsvResult {
  rows: string[][];
  problems: CsvProblem[];
}

export interface CsvOptions {
  /** The separator; by default a comma, or a semicolon or tab when the first row has no comma but one of those. */
  delimiter?: string;
}

export function parseCsv(input: string, options: CsvOptions = {}): CsvResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const rows: string[][] = [];
  const problems: CsvProblem[] = [];
  let row: string[] = [];
  let value = '';
  let i = 0;
  const n = text.length;

  const endRow = () => {
    row.push(value);
    rows.push(row);
    row = [];
    value = '';
  };

  while (i < n) {
    const ch = text[i]!;
    if (ch === '"' && value === '' && atFieldStart(text, i, delimiter)) {
      const openedAt = { row: rows.length + 1, column: row.length + 1 };
      i += 1;
      let closed = false;
      while (i < n) {
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          closed = true;
          i += 1;
          break;
        }
        value += c;
        i += 1;
      }
      if (!closed) {
        problems.push({ ...openedAt, message: 'A quoted value is not closed: add the closing double quote' });
        break;
      }
      // After the closing quote: a separator, a line end or the end of the text.
      if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
        problems.push({
          ...openedAt,
          message: 'A quoted value must be followed by a separator or the end of the line',
        });
        // Keep what follows, as a spreadsheet would.
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
      }
      continue;
    }
    if (ch === delimiter) {
      row.push(value);
      value = '';
      i += 1;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    value += ch;
    i += 1;
  }
  // The last row, unless the text ended with a line end (or was empty).
  if (value !== '' || row.length > 0 || (n > 0 && text[n - 1] !== '\n' && text[n - 1] !== '\r')) endRow();
  return { rows, problems };
}

function atFieldStart(text: string, i: number, delimiter: string): boolean {
  const before = text[i - 1];
  return i === 0 || before === delimiter || before === '\n' || before === '\r';
}

function detectDelimiter(text: string): string {
  let inQuotes = false;
  const counts = new Map<string, number>();
  for (let i = 0; i < text.length && i < 10_000; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && (c === ',' || c === ';' || c === '\t')) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  if (counts.get(',')) return ',';
  if (counts.get(';')) return ';';
  if (counts.get('\t')) return '\t';
  return ',';
}

/** Column letters as a spreadsheet shows them: 1 → A, 26 → Z, 27 → AA. */
export function columnLetter(column: number): string {
  let n = Math.max(1, Math.floor(column));
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula:
 * such a cell gets a leading apostrophe, so it is shown as the text it is.
 */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export interface CsvWriteOptions {
  /** Quote every cell, not only those that need it (the audit log's download always has). */
  quoteAll?: boolean;
}

/**
 * One line of a CSV file the app sends, CRLF at the end: every cell guarded against formulas, then
 * written as RFC 4180 (quoted when it holds a quote, comma or line end, or starts or ends with white
 * space). Every CSV file a person downloads is written by this, or by writeCsv, which calls it.
 */
export function csvLine(cells: readonly (string | number)[], options: CsvWriteOptions = {}): string {
  return `${cells.map((c) => quoted(guardFormula(String(c)), options.quoteAll)).join(',')}\r\n`;
}

/** A whole CSV file the app sends: csvLine for each row. */
export function writeCsv(rows: readonly (readonly (string | number)[])[], options: CsvWriteOptions = {}): string {
  return rows.map((r) => csvLine(r, options)).join('');
}

/**
 * Rows as plain RFC 4180 CSV, the text exactly as given (no formula guard): only for text a program reads
 * back, such as the uploads the tests build. A file a person downloads is written by writeCsv.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => `${r.map((v) => quoted(v)).join(',')}\r\n`).join('');
}

function quoted(value: string, always = false): string {
  return always || /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
