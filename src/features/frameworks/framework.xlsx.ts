import type ExcelJS from 'exceljs';
import { checkZipArchive } from '../../lib/untrusted/zip.js';
import type { Sheet } from './framework.sheet.js';

/** Reading an XLSX workbook into plain sheets of text, after checking that it is a sane ZIP file. */

/** An XLSX of at most 1 MB that unpacks to more than this is refused (a "zip bomb"). */
export const MAX_UNPACKED_BYTES = 40 * 1024 * 1024;
const MAX_ENTRIES = 2000;

export type WorkbookResult =
  | { ok: true; questions: Sheet; framework?: Sheet }
  | { ok: false; message: string; sheet?: string };

const NOT_XLSX = 'The file is not an XLSX spreadsheet that we can read: save it again as an Excel workbook (.xlsx)';

export async function readWorkbook(bytes: Buffer): Promise<WorkbookResult> {
  const sane = checkZip(bytes);
  if (sane) return { ok: false, message: sane };
  // Loaded on first use: exceljs is large and most processes never read a spreadsheet.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    return { ok: false, message: NOT_XLSX };
  }
  const sheets = workbook.worksheets;
  const byName = (name: string) => sheets.find((s) => s.name.trim().toLowerCase() === name);
  const framework = byName('framework');
  const questions = byName('questions') ?? sheets.find((s) => s !== framework);
  if (!questions) {
    return { ok: false, message: 'The workbook has no sheet of questions: name it "Questions", with one row per question' };
  }
  return {
    ok: true,
    questions: toSheet(questions),
    ...(framework ? { framework: toSheet(framework) } : {}),
  };
}

function toSheet(ws: ExcelJS.Worksheet): Sheet {
  const rows: string[][] = [];
  const width = Math.min(ws.columnCount, 50);
  const height = Math.min(ws.rowCount, 10_000);
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
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/**
 * Checks the ZIP as the spreadsheet library will read it (every central directory record it will find,
 * not only those the end record counts) and unpacks every entry within a 40 MB budget, so that a small
 * file that would unpack to gigabytes is refused before the library sees it. The reading itself is
 * lib/untrusted/zip.ts, shared with the evidence file check. Returns a message for a person, or
 * undefined when the file is fine to open.
 */
export function checkZip(bytes: Buffer): string | undefined {
  const checked = checkZipArchive(bytes, { maxEntries: MAX_ENTRIES, maxUnpackedBytes: MAX_UNPACKED_BYTES });
  if (checked.ok) return undefined;
  return checked.tooLarge ? 'The spreadsheet unpacks to more than 40 MB: make it smaller' : NOT_XLSX;
}
