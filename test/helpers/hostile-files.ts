/**
 * Small hostile files, built byte by byte, for the tests of the untrusted-file readers and of the routes
 * that take uploads: ZIPs whose directory lies, and OLE2 compound files whose chains loop.
 */
import { deflateRawSync } from 'node:zlib';

export interface RawZipEntry {
  name: string;
  /** The bytes as stored: already deflated when method is 8 */
  data: Buffer;
  method?: 0 | 8;
  /** What the central directory says the entry unpacks to */
  uncompressedSize: number;
  /** A different name in the local header than in the central directory */
  localName?: string;
}

export interface RawZipOptions {
  /** The number of entries the end record claims (defaults to the number written) */
  count?: number;
  /** Central records that point at an earlier entry's local header: [record index, entry index] */
  pointAt?: [number, number][];
  /** Added to the central directory size the end record gives (JSZip then moves every offset) */
  centralSizeDelta?: number;
}

/** A ZIP built from parts, so that each part can be made to lie. */
export function rawZip(entries: RawZipEntry[], options: RawZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.localName ?? e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method ?? 8, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    offsets.push(offset);
    locals.push(local, name, e.data);
    offset += 30 + name.length + e.data.length;
  }
  const centralStart = offset;
  const centrals: Buffer[] = [];
  entries.forEach((e, i) => {
    const name = Buffer.from(e.name);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method ?? 8, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.uncompressedSize, 24);
    central.writeUInt16LE(name.length, 28);
    const target = options.pointAt?.find(([record]) => record === i)?.[1] ?? i;
    central.writeUInt32LE(offsets[target]!, 42);
    centrals.push(central, name);
  });
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.count ?? entries.length, 8);
  end.writeUInt16LE(options.count ?? entries.length, 10);
  end.writeUInt32LE(central.length + (options.centralSizeDelta ?? 0), 12);
  end.writeUInt32LE(centralStart, 16);
  return Buffer.concat([...locals, central, end]);
}

/** An entry of `size` zero bytes, deflated (about a thousandth of its size). */
export function zeros(name: string, size: number): RawZipEntry {
  let data = deflatedZeros.get(size);
  if (!data) deflatedZeros.set(size, (data = deflateRawSync(Buffer.alloc(size))));
  return { name, data, uncompressedSize: size };
}
const deflatedZeros = new Map<number, Buffer>();

/** A small, honest entry, deflated. */
export function textEntry(name: string, text: string): RawZipEntry {
  const bytes = Buffer.from(text);
  return { name, data: deflateRawSync(bytes), uncompressedSize: bytes.length };
}

/**
 * The zip bomb the end record's count hides: a workbook's parts, counted, and after them in the central
 * directory a record the count leaves out, which unpacks to 41 MB. About 60 KB.
 */
export function hiddenEntryZipBomb(): Buffer {
  return rawZip(
    [
      textEntry('[Content_Types].xml', '<Types/>'),
      textEntry('xl/workbook.xml', '<workbook/>'),
      zeros('xl/worksheets/sheet1.xml', 41 * 1024 * 1024),
    ],
    { count: 2 },
  );
}

/**
 * A real ZIP (a workbook, a Word file) with one more entry added after the others, in the data and in
 * the central directory, but not in the end record's count: a reader that walks the directory (JSZip)
 * unpacks it; a check that trusts the count never looks at it.
 */
export function withHiddenEntry(zip: Buffer, entry: RawZipEntry): Buffer {
  const eocd = zip.length - 22;
  if (zip.readUInt32LE(eocd) !== 0x06054b50) throw new Error('the ZIP has a comment: not supported here');
  const centralSize = zip.readUInt32LE(eocd + 12);
  const centralOffset = zip.readUInt32LE(eocd + 16);
  const one = rawZip([entry]);
  const oneCentral = one.readUInt32LE(one.length - 22 + 16);
  const local = one.subarray(0, oneCentral);
  const central = Buffer.from(one.subarray(oneCentral, one.length - 22));
  central.writeUInt32LE(centralOffset, 42);
  const end = Buffer.from(zip.subarray(eocd));
  end.writeUInt32LE(centralSize + central.length, 12);
  end.writeUInt32LE(centralOffset + local.length, 16);
  return Buffer.concat([
    zip.subarray(0, centralOffset),
    local,
    zip.subarray(centralOffset, centralOffset + centralSize),
    central,
    end,
  ]);
}

const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** An OLE2 header with 512-byte sectors: no FAT sectors, no DIFAT, no directory, until set. */
export function ole2Header(): Buffer {
  const header = Buffer.alloc(512, 0);
  Buffer.from(OLE2_SIGNATURE).copy(header, 0);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(0xfffffffe, 48);
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(0xfffffffe, 60);
  header.writeUInt32LE(0xfffffffe, 68);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(0xffffffff, 76 + i * 4);
  return header;
}

/** A minimal, valid OLE2 compound file (512-byte sectors) whose directory holds one stream. */
export function compoundFile(stream: string): Buffer {
  const header = ole2Header();
  header.writeUInt32LE(1, 44); // one FAT sector
  header.writeUInt32LE(1, 48); // the directory starts at sector 1
  header.writeUInt32LE(0, 76); // the FAT is sector 0
  const fat = Buffer.alloc(512, 0xff);
  fat.writeUInt32LE(0xfffffffd, 0);
  fat.writeUInt32LE(0xfffffffe, 4);
  const dir = Buffer.alloc(512, 0);
  const entry = (at: number, name: string, type: number) => {
    dir.write(name, at, 'utf16le');
    dir.writeUInt16LE((name.length + 1) * 2, at + 64);
    dir.writeUInt8(type, at + 66);
  };
  entry(0, 'Root Entry', 5);
  entry(128, stream, 2);
  return Buffer.concat([header, fat, dir]);
}

/**
 * 1,024 bytes: a header whose DIFAT chain starts at sector 0, and sector 0 a DIFAT sector that lists
 * itself as a FAT sector 127 times and names itself as the next DIFAT sector. Followed without a check,
 * the chain never ends (and each turn adds 127 FAT sectors of 128 entries each).
 */
export function ole2DifatLoop(): Buffer {
  const header = ole2Header();
  header.writeUInt32LE(1, 72); // one DIFAT sector
  header.writeUInt32LE(0, 68); // starting at sector 0
  header.writeUInt32LE(0, 48); // the directory "starts" there too
  const difat = Buffer.alloc(512, 0); // every entry 0: sector 0, including the next-DIFAT pointer
  return Buffer.concat([header, difat]);
}
