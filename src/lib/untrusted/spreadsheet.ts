import type ExcelJS from 'exceljs';
import { checkZipArchive } from './zip.js';

/**
 * Reading an uploaded XLSX workbook into plain sheets of text, after checking the ZIP as the spreadsheet
 * library will read it (lib/untrusted/zip.ts). The one place exceljs reads bytes a person sent; features
 * (framework import, action import) choose their sheets from what this returns.
 */

/** A workbook of at most a few MB that unpacks to more than this is refused (a "zip bomb"). */
export const MAX_UNPACKED_BYTES = 40 * 1024 * 1024;
const MAX_ENTRIES = 2000;

export const NOT_XLSX =
  'The file is not an XLSX spreadsheet that we can read: save it again as an Excel workbook (.xlsx)';
const TOO_LARGE = 'The spreadsheet unpacks to more than 40 MB: make it smaller';

/** One sheet as text: rows of cells, each cell as a person sees it. */
export interface PlainSheet {
  name: string;
  rows: string[][];
}

export interface SheetLimits {
  /** Columns beyond this are ignored */
  maxColumns: number;
  /** Rows beyond this are ignored */
  maxRows: number;
}

export type SpreadsheetResult = { ok: true; sheets: PlainSheet[] } | { ok: false; message: string };

/**
 * Checks the ZIP (every central directory record the library will find, each entry unpacked within a
 * 40 MB budget) and returns a message for a person, or undefined when the file is fine to open.
 */
export function checkZip(bytes: Buffer): string | undefined {
  const checked = checkZipArchive(bytes, { maxEntries: MAX_ENTRIES, maxUnpackedBytes: MAX_UNPACKED_BYTES });
  if (checked.ok) return undefined;
  return checked.tooLarge ? TOO_LARGE : NOT_XLSX;
}

/** Every sheet of the workbook as text, within the limits; never throws. */
export async function readSpreadsheet(bytes: Buffer, limits: SheetLimits): Promise<SpreadsheetResult> {
  const problem = checkZip(bytes);
  if (problem) return { ok: false, message: problem };
  // Loaded on first use: exceljs costs tens of megabytes that most processes never need.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    return { ok: false, message: NOT_XLSX };
  }
  return { ok: true, sheets: workbook.worksheets.map((ws) => toSheet(ws, limits)) };
}

function toSheet(ws: ExcelJS.Worksheet, { maxColumns, maxRows }: SheetLimits): PlainSheet {
  const rows: string[][] = [];
  const width = Math.min(ws.columnCount, maxColumns);
  const height = Math.min(ws.rowCount, maxRows);
  for (let r = 1; r <= height; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    rows.push(cells);
  }
  return { name: ws.name, rows };
}

/** The text a person sees in a cell: rich text joined, a formula's result, a date as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text ?? '').join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      return result === undefined || result === null || typeof result === 'object'
        ? result instanceof Date
          ? cellText(result)
          : ''
        : String(result);
    }
    if ('text' in value) return String((value as { text: unknown }).text ?? '');
    return '';
  }
  return String(value);
}
