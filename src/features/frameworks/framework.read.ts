import { parseCsv, columnLetter } from '../../lib/csv.js';
import { parseFrameworkText, type ParseResult } from './framework.parse.js';
import { LIMITS } from './framework.schema.js';
import { readFrameworkSheets, type SheetDefaults } from './framework.sheet.js';
import { readWorkbook } from './framework.xlsx.js';

/** Reads a framework file in any format we take: YAML, JSON, CSV or XLSX. Never throws. */

export type FrameworkFormat = 'yaml' | 'json' | 'csv' | 'xlsx';

export const ACCEPTED_EXTENSIONS = ['.yaml', '.yml', '.json', '.csv', '.xlsx'] as const;

export function formatOf(filename: string, bytes: Buffer): FrameworkFormat | undefined {
  const ext = /\.[^.]+$/.exec(filename.toLowerCase())?.[0];
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  return undefined;
}

export async function readFrameworkFile(
  filename: string,
  bytes: Buffer,
  defaults: SheetDefaults,
): Promise<ParseResult & { format?: FrameworkFormat }> {
  if (bytes.length > LIMITS.fileBytes) {
    return { ok: false, problems: [{ field: '(file)', message: 'The file must be 1 MB or smaller' }] };
  }
  if (bytes.length === 0) return { ok: false, problems: [{ field: '(file)', message: 'The file is empty' }] };
  const format = formatOf(filename, bytes);
  if (!format) {
    return {
      ok: false,
      problems: [{ field: '(file)', message: `The file must be YAML, JSON, CSV or XLSX (${ACCEPTED_EXTENSIONS.join(', ')})` }],
    };
  }
  try {
    if (format === 'xlsx') {
      const book = await readWorkbook(bytes);
      if (!book.ok) return { format, ok: false, problems: [{ field: '(file)', message: book.message }] };
      return { format, ...readFrameworkSheets(book.questions, book.framework, defaults) };
    }
    const text = decodeText(bytes);
    if (text === undefined) {
      return {
        format,
        ok: false,
        problems: [{ field: '(file)', message: 'The file is not UTF-8 text: save it again with UTF-8 encoding' }],
      };
    }
    if (format === 'csv') {
      const csv = parseCsv(text);
      if (csv.problems.length) {
        return {
          format,
          ok: false,
          problems: csv.problems.map((p) => ({ row: p.row, cell: columnLetter(p.column), field: '(file)', message: p.message })),
        };
      }
      return { format, ...readFrameworkSheets({ name: '', rows: csv.rows }, undefined, defaults) };
    }
    return { format, ...parseFrameworkText(text) };
  } catch {
    // A reader's bug must not turn into a crash: the person gets a plain answer.
    return { format, ok: false, problems: [{ field: '(file)', message: 'The file could not be read: check it and try again' }] };
  }
}

function decodeText(bytes: Buffer): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
