/**
 * Reading the directory of an uploaded OLE2 compound file (old Word .doc and Excel .xls) without
 * trusting it. Every chain in the file (the DIFAT, the FAT sectors it lists, the directory) is followed
 * with a set of the sectors already visited, no sector number may point past the end of the file, and
 * the allocation table has entries only for sectors that exist. A file of N bytes has at most
 * N / sectorSize sectors, so every loop here runs at most that many times over one sector each: the
 * total work is a small multiple of the file's size, whatever the file says.
 */

const SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Sector numbers at or above this are markers (free, end of chain, FAT, DIFAT), not sectors. */
const MAX_REGULAR_SECTOR = 0xfffffffa;
/** The header lists the first 109 FAT sectors itself. */
const HEADER_DIFAT_ENTRIES = 109;
const DIRECTORY_ENTRY_BYTES = 128;

/** The stream and storage names in an OLE2 compound file's directory, or null when it cannot be read. */
export function cfbStreamNames(data: Buffer): string[] | null {
  if (data.length < 512 || !data.subarray(0, 8).equals(SIGNATURE)) return null;
  const shift = data.readUInt16LE(30);
  if (shift !== 9 && shift !== 12) return null;
  const size = 1 << shift;
  const perSector = size / 4;
  // Sector n starts at (n + 1) * size: the header takes the first sector's room. Only whole sectors count.
  const sectorCount = Math.max(0, Math.floor(data.length / size) - 1);
  if (sectorCount === 0) return null;
  const sector = (n: number) => data.subarray((n + 1) * size, (n + 2) * size);
  const isSector = (n: number) => n < sectorCount;
  const isMarker = (n: number) => n >= MAX_REGULAR_SECTOR;

  // The sectors that hold the allocation table: 109 listed in the header, the rest in the DIFAT chain.
  const fatSectors: number[] = [];
  const fatSeen = new Set<number>();
  const addFatSector = (n: number): boolean => {
    if (isMarker(n)) return true; // free entries in the list are skipped
    if (!isSector(n) || fatSeen.has(n)) return false;
    fatSeen.add(n);
    fatSectors.push(n);
    return true;
  };
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) if (!addFatSector(data.readUInt32LE(76 + i * 4))) return null;
  const difatSeen = new Set<number>();
  for (let difat = data.readUInt32LE(68); !isMarker(difat);) {
    if (!isSector(difat) || difatSeen.has(difat)) return null; // past the end, or a loop
    difatSeen.add(difat);
    const s = sector(difat);
    for (let i = 0; i < perSector - 1; i++) if (!addFatSector(s.readUInt32LE(i * 4))) return null;
    difat = s.readUInt32LE(size - 4);
  }

  // The allocation table, with an entry for each sector the file really has and no more.
  const fat = new Uint32Array(sectorCount).fill(0xffffffff);
  fatSectors.forEach((n, k) => {
    const s = sector(n);
    const first = k * perSector;
    for (let i = 0; i < perSector && first + i < sectorCount; i++) fat[first + i] = s.readUInt32LE(i * 4);
  });

  const names: string[] = [];
  const dirSeen = new Set<number>();
  for (let dir = data.readUInt32LE(48); !isMarker(dir); dir = fat[dir]!) {
    if (!isSector(dir) || dirSeen.has(dir)) return null; // past the end, or a loop
    dirSeen.add(dir);
    const s = sector(dir);
    for (let e = 0; e + DIRECTORY_ENTRY_BYTES <= size; e += DIRECTORY_ENTRY_BYTES) {
      const type = s.readUInt8(e + 66);
      const length = s.readUInt16LE(e + 64);
      if (type === 0 || length < 2 || length > 64) continue;
      names.push(s.toString('utf16le', e, e + length - 2));
    }
  }
  return names;
}
