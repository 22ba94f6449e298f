/**
 * What an uploaded file really is, from its bytes: never from its name or the browser's content type.
 * Only the kinds of evidence a review needs are recognised: PDF, Word, Excel, common images and plain
 * text. Word and Excel files are read through the bounded ZIP and OLE2 readers beside this file; plain
 * text is what is left that is valid UTF-8 with no NUL character, up to the evidence limit.
 */
import { cfbStreamNames } from './ole2.js';
import { zipEntryNames } from './zip.js';

/** Evidence files may be this large at most (20 MB), however they arrive: uploaded or imported. */
export const EVIDENCE_FILE_LIMIT_BYTES = 20 * 1024 * 1024;

/** The limit as a message says it ("20 MB"), so no message repeats the number. */
export const EVIDENCE_FILE_LIMIT_TEXT = `${EVIDENCE_FILE_LIMIT_BYTES / (1024 * 1024)} MB`;

/** The kinds of file sniffFileType accepts, as a message names them. */
export const EVIDENCE_KINDS_TEXT = 'a PDF, Word document, Excel spreadsheet, image or plain text file';

export interface FileType {
  /** The content type stored and sent back on download */
  mime: string;
  /** What to call it on the page */
  label: string;
  /** Extensions a file of this type may carry; the first is added when the name has none of them */
  extensions: string[];
}

export const FILE_TYPES = {
  pdf: { mime: 'application/pdf', label: 'PDF', extensions: ['pdf'] },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word document',
    extensions: ['docx'],
  },
  doc: { mime: 'application/msword', label: 'Word document', extensions: ['doc'] },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel spreadsheet',
    extensions: ['xlsx'],
  },
  xls: { mime: 'application/vnd.ms-excel', label: 'Excel spreadsheet', extensions: ['xls'] },
  png: { mime: 'image/png', label: 'PNG image', extensions: ['png'] },
  jpeg: { mime: 'image/jpeg', label: 'JPEG image', extensions: ['jpg', 'jpeg'] },
  gif: { mime: 'image/gif', label: 'GIF image', extensions: ['gif'] },
  webp: { mime: 'image/webp', label: 'WebP image', extensions: ['webp'] },
  txt: { mime: 'text/plain', label: 'Plain text file', extensions: ['txt'] },
} as const satisfies Record<string, FileType>;

export type FileTypeKey = keyof typeof FILE_TYPES;

const startsWith = (data: Buffer, bytes: number[] | string, at = 0) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return data.length >= at + b.length && data.subarray(at, at + b.length).equals(b);
};

/** The type of a file from its content, or null when it is none of the accepted kinds. */
export function sniffFileType(data: Buffer): FileTypeKey | null {
  if (startsWith(data, '%PDF-')) return 'pdf';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(data, 'GIF87a') || startsWith(data, 'GIF89a')) return 'gif';
  if (startsWith(data, 'RIFF') && startsWith(data, 'WEBP', 8)) return 'webp';
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return officeOpenXml(zipEntryNames(data));
  if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return oldOffice(cfbStreamNames(data));
  return plainText(data) ? 'txt' : null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Plain text: not empty, no larger than any evidence file may be (so the check's work is bounded), no NUL
 * byte (which no text file holds and every binary format does), and valid UTF-8 throughout (a UTF-8
 * byte-order mark is allowed; UTF-16 and other encodings are not text here). Checked last, so a file
 * that starts like one of the types above is never taken for text.
 */
function plainText(data: Buffer): boolean {
  if (data.length === 0 || data.length > EVIDENCE_FILE_LIMIT_BYTES || data.includes(0)) return false;
  try {
    strictUtf8.decode(data);
    return true;
  } catch {
    return false;
  }
}

/** A Word or Excel file is a zip whose parts live under word/ or xl/; anything else zipped is refused. */
function officeOpenXml(names: string[] | null): FileTypeKey | null {
  if (!names) return null;
  const word = names.some((n) => n.startsWith('word/'));
  const excel = names.some((n) => n.startsWith('xl/'));
  if (word === excel) return null;
  return word ? 'docx' : 'xlsx';
}

/** An old Office file holds a WordDocument stream (Word) or a Workbook/Book stream (Excel). */
function oldOffice(names: string[] | null): FileTypeKey | null {
  if (!names) return null;
  const word = names.includes('WordDocument');
  const excel = names.includes('Workbook') || names.includes('Book');
  if (word === excel) return null;
  return word ? 'doc' : 'xls';
}

/**
 * Characters that never belong in a file name a person sees: control characters (C0, DEL, C1), format
 * characters (Unicode category Cf: the bidirectional overrides and isolates U+202A–U+202E and
 * U+2066–U+2069, the marks U+200E/U+200F, zero-width characters, the byte-order mark…), line and
 * paragraph separators, and lone surrogates (which cannot be encoded for a download header).
 * "report\u202Efdp.exe" would otherwise show as "reportexe.pdf".
 */
const UNSAFE_NAME_CHARACTERS = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;

/** A stored name as it may be shown or sent as a download name: the unsafe characters above removed. */
export function displayableFileName(name: string): string {
  return name.replace(UNSAFE_NAME_CHARACTERS, '');
}

/**
 * A file name safe to store and send back: no folders, no control or format characters, and an
 * extension that matches what the file really is (a PDF called "report.exe" downloads as "report.exe.pdf").
 */
export function safeFileName(name: string, type: FileTypeKey): string {
  const cleaned = displayableFileName(name.split(/[\\/]/).pop() ?? '')
    .replace(/"/g, '')
    .trim();
  // At most 150 characters, counted in code points so that a pair of surrogates is never cut in two.
  const base = Array.from(cleaned).slice(0, 150).join('').trim() || 'evidence';
  const ext = base.includes('.') ? base.split('.').pop()!.toLowerCase() : '';
  const known: readonly string[] = FILE_TYPES[type].extensions;
  return known.includes(ext) ? base : `${base}.${known[0]}`;
}
