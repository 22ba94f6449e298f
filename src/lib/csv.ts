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

/** Writes rows as RFC 4180 CSV (CRLF line ends; quotes only where needed). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((r) => r.map((v) => (/[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))
    .join('\r\n')
    .concat(rows.length ? '\r\n' : '');
}
