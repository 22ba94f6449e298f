/**
 * What a file really is, from its bytes: never from its name or the browser's content type. Only the
 * kinds of evidence a review needs are recognised: PDF, Word, Excel and common images.
 */

/** Evidence files may be this large at most (20 MB). */
export const EVIDENCE_FILE_LIMIT_BYTES = 20 * 1024 * 1024;

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
  return null;
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

/** The names in a zip's central directory, or null when it cannot be read. */
export function zipEntryNames(data: Buffer): string[] | null {
  // The end-of-central-directory record is in the last 22 + 65,535 bytes.
  const min = Math.max(0, data.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = data.length - 22; i >= min; i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = data.readUInt16LE(eocd + 10);
  let at = data.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > data.length || data.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    if (at + 46 + nameLength > data.length) return null;
    names.push(data.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const FREE_OR_END = 0xfffffffa; // sector numbers at or above this are markers, not sectors

/** The stream and storage names in an OLE2 compound file's directory, or null when it cannot be read. */
export function cfbStreamNames(data: Buffer): string[] | null {
  if (data.length < 512) return null;
  const shift = data.readUInt16LE(30);
  if (shift !== 9 && shift !== 12) return null;
  const size = 1 << shift;
  const sector = (n: number) => {
    const start = (n + 1) * size;
    return start + size <= data.length ? data.subarray(start, start + size) : null;
  };
  // The sectors that hold the allocation table: 109 listed in the header, the rest in a DIFAT chain.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(data.readUInt32LE(76 + i * 4));
  let difat = data.readUInt32LE(68);
  for (let guard = 0; difat < FREE_OR_END && guard < 10_000; guard++) {
    const s = sector(difat);
    if (!s) return null;
    for (let i = 0; i < size / 4 - 1; i++) fatSectors.push(s.readUInt32LE(i * 4));
    difat = s.readUInt32LE(size - 4);
  }
  const fat: number[] = [];
  for (const n of fatSectors) {
    if (n >= FREE_OR_END) continue;
    const s = sector(n);
    if (!s) return null;
    for (let i = 0; i < size / 4; i++) fat.push(s.readUInt32LE(i * 4));
  }
  const names: string[] = [];
  const seen = new Set<number>();
  for (let dir = data.readUInt32LE(48); dir < FREE_OR_END; dir = fat[dir] ?? FREE_OR_END) {
    if (seen.has(dir)) return null;
    seen.add(dir);
    const s = sector(dir);
    if (!s) return null;
    for (let e = 0; e + 128 <= size; e += 128) {
      const type = s.readUInt8(e + 66);
      const length = s.readUInt16LE(e + 64);
      if (type === 0 || length < 2 || length > 64) continue;
      names.push(s.toString('utf16le', e, e + length - 2));
    }
  }
  return names;
}

/**
 * A file name safe to store and send back: no folders, no control characters, and an extension that
 * matches what the file really is (a PDF called "report.exe" downloads as "report.exe.pdf").
 */
export function safeFileName(name: string, type: FileTypeKey): string {
  const base =
    (name.split(/[\\/]/).pop() ?? '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f"]/g, '')
      .trim()
      .slice(0, 150) || 'evidence';
  const ext = base.includes('.') ? base.split('.').pop()!.toLowerCase() : '';
  const known: readonly string[] = FILE_TYPES[type].extensions;
  return known.includes(ext) ? base : `${base}.${known[0]}`;
}
