import { parseCsv, columnLetter } from '../../lib/csv.js';
import { untrustedTask } from '../../lib/untrusted/pool.js';
import { UntrustedParseError } from '../../lib/untrusted/refusal.js';
import { parseFrameworkText, type ParseResult } from './framework.parse.js';
import { LIMITS } from './framework.schema.js';
import { readFrameworkSheets, type SheetDefaults } from './framework.sheet.js';
import { readWorkbook } from './framework.xlsx.js';

/** Reads a framework file in any format we take: YAML, JSON, CSV or XLSX. Never throws. */

export type FrameworkFormat = 'yaml' | 'json' | 'csv' | 'xlsx';

export const ACCEPTED_EXTENSIONS = ['.yaml', '.yml', '.json', '.csv', '.xlsx'] as const;

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;

export function formatOf(filename: string, bytes: Buffer): FrameworkFormat | undefined {
  const ext = /\.[^.]+$/.exec(filename.toLowerCase())?.[0];
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  if (isZip(bytes)) return 'xlsx';
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
      problems: [
        { field: '(file)', message: `The file must be YAML, JSON, CSV or XLSX (${ACCEPTED_EXTENSIONS.join(', ')})` },
      ],
    };
  }
  // A small file that is not a ZIP is text, or refused as a spreadsheet at its first four bytes.
  if (bytes.length <= INLINE_TEXT_BYTES && !isZip(bytes)) return readFrameworkBytes(format, bytes, defaults);
  try {
    return await readFrameworkBytesOffThread(format, bytes, defaults);
  } catch (err) {
    if (!(err instanceof UntrustedParseError)) throw err;
    return { format, ok: false, problems: [{ field: '(file)', message: err.message }] };
  }
}

/**
 * Spreadsheets (ZIP files), and text files larger than this, are read in a worker thread with memory
 * and time limits (lib/untrusted/pool.ts); a small YAML, JSON or CSV file takes milliseconds here.
 */
const INLINE_TEXT_BYTES = 64 * 1024;

const readFrameworkBytesOffThread = untrustedTask<typeof readFrameworkBytes>(
  new URL('./framework.read.js', import.meta.url),
  'readFrameworkBytes',
);

/** The reading itself, once the size and format are known: run in a worker for spreadsheets and large files. */
export async function readFrameworkBytes(
  format: FrameworkFormat,
  bytes: Buffer,
  defaults: SheetDefaults,
): Promise<ParseResult & { format?: FrameworkFormat }> {
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
          problems: csv.problems.map((p) => ({
            row: p.row,
            cell: columnLetter(p.column),
            field: '(file)',
            message: p.message,
          })),
        };
      }
      return { format, ...readFrameworkSheets({ name: '', rows: csv.rows }, undefined, defaults) };
    }
    return { format, ...parseFrameworkText(text) };
  } catch {
    // A reader's bug must not turn into a crash: the person gets a plain answer.
    return {
      format,
      ok: false,
      problems: [{ field: '(file)', message: 'The file could not be read: check it and try again' }],
    };
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
