import { describe, expect, it } from 'vitest';
import { compoundFile, ole2DifatLoop, ole2Header } from '../../../test/helpers/hostile-files.js';
import { cfbStreamNames } from './ole2.js';

/** Reads the file and checks that it took next to no time, whatever the file says. */
function quickly(file: Buffer) {
  const started = performance.now();
  const names = cfbStreamNames(file);
  expect(performance.now() - started).toBeLessThan(250);
  return names;
}

const sector = (fill: (s: Buffer) => void) => {
  const s = Buffer.alloc(512, 0xff);
  fill(s);
  return s;
};

describe('reading an OLE2 compound file’s directory', () => {
  it('lists the streams of a real Word or Excel file', () => {
    expect(cfbStreamNames(compoundFile('WordDocument'))).toEqual(['Root Entry', 'WordDocument']);
    expect(cfbStreamNames(compoundFile('Workbook'))).toEqual(['Root Entry', 'Workbook']);
  });

  it('gives up at once on a 1,024-byte file whose DIFAT sector points to itself', () => {
    const file = ole2DifatLoop();
    expect(file.length).toBe(1024);
    expect(quickly(file)).toBeNull();
  });

  it('gives up on a DIFAT chain that loops through two sectors', () => {
    const header = ole2Header();
    header.writeUInt32LE(1, 68);
    const difat = (next: number) =>
      sector((s) => {
        s.writeUInt32LE(next, 508);
      });
    // Sector 0 is the FAT; sectors 1 and 2 are DIFAT sectors naming each other next.
    const fat = sector((s) => s.writeUInt32LE(0xfffffffd, 0));
    header.writeUInt32LE(0, 76);
    expect(quickly(Buffer.concat([header, fat, difat(2), difat(1)]))).toBeNull();
  });

  it('gives up on a directory chain that loops in the FAT', () => {
    const file = compoundFile('WordDocument');
    // The FAT (sector 0) says the directory's sector 1 is followed by sector 0, and sector 0 by sector 1.
    file.writeUInt32LE(1, 512);
    file.writeUInt32LE(0, 512 + 4);
    expect(quickly(file)).toBeNull();
    const self = compoundFile('WordDocument');
    self.writeUInt32LE(1, 512 + 4);
    expect(quickly(self)).toBeNull();
  });

  it('gives up on sector numbers past the end of the file', () => {
    const fatPastEnd = compoundFile('WordDocument');
    fatPastEnd.writeUInt32LE(1_000_000, 76);
    expect(quickly(fatPastEnd)).toBeNull();
    const difatPastEnd = compoundFile('WordDocument');
    difatPastEnd.writeUInt32LE(0xfffffff0, 68);
    expect(quickly(difatPastEnd)).toBeNull();
    const directoryPastEnd = compoundFile('WordDocument');
    directoryPastEnd.writeUInt32LE(3, 48);
    expect(quickly(directoryPastEnd)).toBeNull();
    const nextPastEnd = compoundFile('WordDocument');
    nextPastEnd.writeUInt32LE(5000, 512 + 4);
    expect(quickly(nextPastEnd)).toBeNull();
    // The same FAT sector listed twice is a lie too.
    const twice = compoundFile('WordDocument');
    twice.writeUInt32LE(0, 80);
    expect(quickly(twice)).toBeNull();
  });

  it('gives up on a file too short to hold a sector, or not OLE2 at all', () => {
    expect(cfbStreamNames(ole2Header())).toBeNull();
    expect(cfbStreamNames(Buffer.alloc(2048))).toBeNull();
    const odd = compoundFile('WordDocument');
    odd.writeUInt16LE(10, 30);
    expect(cfbStreamNames(odd)).toBeNull();
  });

  it('stays quick on a large file whose FAT lists every sector', () => {
    // 4 MB of 512-byte sectors: header lists 109 FAT sectors, all of them chained into one directory.
    const count = 8192;
    const header = ole2Header();
    for (let i = 0; i < 64; i++) header.writeUInt32LE(i, 76 + i * 4);
    header.writeUInt32LE(64, 48);
    const body = Buffer.alloc(count * 512, 0);
    for (let n = 0; n < count; n++) body.writeUInt32LE(n + 1 < count ? n + 1 : 0xfffffffe, n * 4);
    for (let n = 0; n < 64; n++) body.writeUInt32LE(0xfffffffd, n * 4);
    const names = quickly(Buffer.concat([header, body]));
    expect(names).toEqual([]);
  });
});
