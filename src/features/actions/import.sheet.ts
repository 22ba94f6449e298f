/**
 * Reading an uploaded action list into rows of text: a CSV file, or the first sheet of an XLSX
 * workbook (after the same ZIP checks the framework import makes). Never throws.
 */
import { columnLetter, parseCsv } from '../../lib/csv.js';
import { readSpreadsheet } from '../../lib/untrusted/spreadsheet.js';

/** The most actions one file may add. */
export const MAX_IMPORT_ROWS = 500;
/** Columns beyond these are ignored. */
const MAX_COLUMNS = 30;

export type SheetResult =
  { ok: true; rows: string[][] } | { ok: false; message: string; row?: number; column?: string };

const WRONG_TYPE = 'The selected file must be a CSV or XLSX file';

function isZip(bytes: Buffer) {
  return bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
}

export async function readActionSheet(filename: string, bytes: Buffer): Promise<SheetResult> {
  const name = filename.toLowerCase();
  if (name.endsWith('.xlsx') || (!name.endsWith('.csv') && isZip(bytes))) return readXlsx(bytes);
  if (name.endsWith('.csv') || name.endsWith('.txt') || !name.includes('.')) return readCsvBytes(bytes);
  return { ok: false, message: WRONG_TYPE };
}

function readCsvBytes(bytes: Buffer): SheetResult {
  if (bytes.includes(0))
    return { ok: false, message: 'The file is not a CSV file we can read: save it again as CSV (UTF-8)' };
  const { rows, problems } = parseCsv(bytes.toString('utf8'));
  const first = problems[0];
  if (first) return { ok: false, row: first.row, column: columnLetter(first.column), message: first.message };
  return { ok: true, rows };
}

async function readXlsx(bytes: Buffer): Promise<SheetResult> {
  // Enough rows to tell "too many actions" apart from blank rows at the end of a sheet.
  const book = await readSpreadsheet(bytes, { maxColumns: MAX_COLUMNS, maxRows: 10_000 });
  if (!book.ok) return book;
  const sheet = book.sheets.find((s) => s.name.trim().toLowerCase() === 'actions') ?? book.sheets[0];
  if (!sheet)
    return { ok: false, message: 'The workbook has no sheets: put the actions on a sheet, one row per action' };
  return { ok: true, rows: sheet.rows };
}
