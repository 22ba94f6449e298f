/**
 * Reading the directory of an uploaded ZIP file (Word and Excel files are ZIPs) without trusting it.
 *
 * The walk mirrors how JSZip (inside exceljs) reads a file, so that what is checked here is what the
 * spreadsheet library will later unpack:
 * - the end-of-central-directory record (EOCD) is the last "PK\5\6" in the file;
 * - the central directory is read from the EOCD's offset while each record starts "PK\1\2", whatever
 *   count the EOCD gives (so a record left out of the count would still be unpacked: refused here);
 * - an entry's data starts after its local header's name and extra field and is as long as the central
 *   record's compressed size.
 * Anything JSZip would read differently (zip64, encryption, prepended bytes, a count that differs from
 * the records present, data that overlaps another entry's) is refused rather than interpreted. Every
 * loop is bounded by the file's size and an entry cap, and unpacking is bounded by an output budget.
 */
import { inflateRawSync } from 'node:zlib';

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

/** Enough for any Word or Excel file a review needs; the spreadsheet imports ask for fewer. */
export const MAX_ZIP_ENTRIES = 10_000;

export interface ZipEntry {
  /** The name in the central directory, read as UTF-8 (the same bytes as in the local header) */
  name: string;
  /** 0 stored, 8 deflated: nothing else is accepted */
  method: 0 | 8;
  compressedSize: number;
  /** As the central directory declares it; checked against the real size when unpacked */
  uncompressedSize: number;
  /** Where the entry's local header starts, and where its data starts and ends, in the file */
  localOffset: number;
  dataStart: number;
  dataEnd: number;
}

export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; problem: string };

const refuse = (problem: string): ZipDirectory => ({ ok: false, problem });

/**
 * The entries of a ZIP file exactly as a reader that follows the central directory will see them, or a
 * problem (for logs and tests, not for people) when the file is not one we will let a library read.
 */
export function readZipDirectory(bytes: Buffer, { maxEntries = MAX_ZIP_ENTRIES } = {}): ZipDirectory {
  if (bytes.length < 22 + 30 || bytes.readUInt32LE(0) !== LOCAL) return refuse('not a zip file');
  // JSZip takes the last EOCD signature anywhere in the file.
  const eocd = bytes.lastIndexOf(EOCD);
  if (eocd < 0 || eocd + 22 > bytes.length) return refuse('no end of central directory');
  if (eocd + 22 + bytes.readUInt16LE(eocd + 20) > bytes.length) return refuse('the zip comment runs past the end');
  const disk = bytes.readUInt16LE(eocd + 4);
  const centralDisk = bytes.readUInt16LE(eocd + 6);
  const onThisDisk = bytes.readUInt16LE(eocd + 8);
  const count = bytes.readUInt16LE(eocd + 10);
  const centralSize = bytes.readUInt32LE(eocd + 12);
  const centralOffset = bytes.readUInt32LE(eocd + 16);
  if ([disk, centralDisk, onThisDisk, count].includes(U16_MAX) || [centralSize, centralOffset].includes(U32_MAX))
    return refuse('zip64');
  if (disk !== 0 || centralDisk !== 0 || onThisDisk !== count) return refuse('a multi-disk zip');
  // JSZip shifts every offset when the central directory does not end where the EOCD starts.
  if (centralOffset + centralSize !== eocd) return refuse('the central directory is not where the EOCD says');
  if (count > maxEntries) return refuse('too many entries');

  const entries: ZipEntry[] = [];
  let at = centralOffset;
  // Read while the signature matches, as JSZip does; each record takes at least 46 bytes of the file.
  while (at + 4 <= bytes.length && bytes.readUInt32LE(at) === CENTRAL) {
    if (entries.length >= count) return refuse('more central directory records than the EOCD counts');
    if (at + 46 > eocd) return refuse('a central directory record runs past its end');
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const uncompressedSize = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localOffset = bytes.readUInt32LE(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > eocd) return refuse('a central directory record runs past its end');
    if (flags & 0x0001) return refuse('an encrypted entry');
    if (method !== 0 && method !== 8) return refuse('an unknown compression method');
    if ([compressedSize, uncompressedSize, localOffset].includes(U32_MAX)) return refuse('zip64');
    const name = bytes.subarray(at + 46, at + 46 + nameLength);

    if (localOffset + 30 > centralOffset || bytes.readUInt32LE(localOffset) !== LOCAL)
      return refuse('a local header is missing');
    const localNameLength = bytes.readUInt16LE(localOffset + 26);
    const localExtraLength = bytes.readUInt16LE(localOffset + 28);
    const localName = bytes.subarray(localOffset + 30, localOffset + 30 + localNameLength);
    // JSZip names the entry from the local header: it must be the name the central directory gives.
    if (!localName.equals(name)) return refuse('the local and central names differ');
    const dataStart = localOffset + 30 + localNameLength + localExtraLength;
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > centralOffset) return refuse('an entry runs into the central directory');
    entries.push({
      name: name.toString('utf8'),
      method,
      compressedSize,
      uncompressedSize,
      localOffset,
      dataStart,
      dataEnd,
    });
    at = next;
  }
  if (entries.length !== count) return refuse('the EOCD count differs from the central directory records');
  if (at !== eocd) return refuse('bytes left in the central directory');
  // No two entries share bytes: a file is never unpacked twice over (the "overlapping files" bomb), so the
  // total work of unpacking is bounded by the file's size.
  const byStart = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < byStart.length; i++) {
    if (byStart[i]!.localOffset < byStart[i - 1]!.dataEnd) return refuse('entries overlap');
  }
  return { ok: true, entries };
}

export type UnpackResult = { ok: true; unpackedBytes: number } | { ok: false; problem: string; tooLarge: boolean };

const tooLarge = { ok: false, problem: 'unpacks past the budget', tooLarge: true } as const;

/**
 * Unpacks every entry, keeping nothing, and stops as soon as the total would pass `maxUnpackedBytes`:
 * a small file that unpacks to gigabytes costs at most that much work and memory. An entry whose real
 * size differs from what the directory declares, or whose data is not valid deflate, is refused.
 */
export function unpackWithinBudget(
  bytes: Buffer,
  entries: readonly ZipEntry[],
  maxUnpackedBytes: number,
): UnpackResult {
  let total = 0;
  for (const entry of entries) {
    const data = bytes.subarray(entry.dataStart, entry.dataEnd);
    let size: number;
    // Stored, or deflated with no bytes at all (some writers store a folder so): nothing to unpack.
    if (entry.method === 0 || data.length === 0) size = data.length;
    else {
      try {
        size = inflateRawSync(data, { maxOutputLength: Math.max(1, maxUnpackedBytes - total + 1) }).length;
      } catch (err) {
        if (err instanceof RangeError) return tooLarge;
        return { ok: false, problem: 'not valid deflate data', tooLarge: false };
      }
    }
    total += size;
    if (total > maxUnpackedBytes) return tooLarge;
    if (size !== entry.uncompressedSize)
      return { ok: false, problem: 'an entry’s size differs from its declared size', tooLarge: false };
  }
  return { ok: true, unpackedBytes: total };
}

export interface ZipLimits {
  maxEntries?: number;
  maxUnpackedBytes: number;
}

/**
 * The whole check before a library may open the ZIP: its directory read as the library will read it,
 * then every entry unpacked within the budget. Returns the entries when the file is fine to open.
 */
export function checkZipArchive(
  bytes: Buffer,
  limits: ZipLimits,
): { ok: true; entries: ZipEntry[] } | { ok: false; problem: string; tooLarge: boolean } {
  const directory = readZipDirectory(bytes, { maxEntries: limits.maxEntries ?? MAX_ZIP_ENTRIES });
  if (!directory.ok) return { ...directory, tooLarge: false };
  const unpacked = unpackWithinBudget(bytes, directory.entries, limits.maxUnpackedBytes);
  return unpacked.ok ? directory : unpacked;
}

/** The names in a ZIP's central directory (as a reader will see them), or null when it cannot be read. */
export function zipEntryNames(bytes: Buffer): string[] | null {
  const directory = readZipDirectory(bytes);
  return directory.ok ? directory.entries.map((e) => e.name) : null;
}
