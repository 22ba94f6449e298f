import { deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { hiddenEntryZipBomb, rawZip, textEntry, zeros } from '../../../test/helpers/hostile-files.js';
import { checkZipArchive, readZipDirectory, unpackWithinBudget, zipEntryNames } from './zip.js';

const MB = 1024 * 1024;
const limits = { maxUnpackedBytes: 40 * MB };

async function jszipOf(files: Record<string, string>, compression: 'STORE' | 'DEFLATE') {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression });
}

const problemOf = (bytes: Buffer) => {
  const read = readZipDirectory(bytes);
  return read.ok ? undefined : read.problem;
};

describe('reading a ZIP directory as JSZip reads it', () => {
  it('reads real Word and Excel files, stored or deflated, and they pass the unpacking check', async () => {
    for (const compression of ['STORE', 'DEFLATE'] as const) {
      const docx = await jszipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' }, compression);
      expect(zipEntryNames(docx)).toEqual(['[Content_Types].xml', 'word/', 'word/document.xml']);
      const xlsx = await jszipOf(
        { '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<x/>'.repeat(500) },
        compression,
      );
      expect(zipEntryNames(xlsx)).toEqual(['[Content_Types].xml', 'xl/', 'xl/workbook.xml']);
      expect(checkZipArchive(xlsx, limits)).toMatchObject({ ok: true });
    }
  });

  it('refuses an entry the end record does not count, which JSZip would still unpack', async () => {
    const bomb = hiddenEntryZipBomb();
    expect(bomb.length).toBeLessThan(100 * 1024);
    // JSZip reads all three records, whatever the count says: this is what would be unpacked.
    expect(Object.keys((await JSZip.loadAsync(bomb)).files)).toHaveLength(3);
    expect(problemOf(bomb)).toBe('more central directory records than the EOCD counts');
    expect(checkZipArchive(bomb, limits)).toMatchObject({ ok: false, tooLarge: false });
    // A count larger than the records present is refused too.
    const short = rawZip([textEntry('xl/workbook.xml', '<w/>')], { count: 2 });
    expect(problemOf(short)).toBe('the EOCD count differs from the central directory records');
  });

  it('refuses a counted entry, or several, that unpack past the budget, without unpacking more than it', () => {
    const one = rawZip([textEntry('xl/workbook.xml', '<w/>'), zeros('xl/worksheets/sheet1.xml', 41 * MB)]);
    expect(checkZipArchive(one, limits)).toMatchObject({ ok: false, tooLarge: true });
    const three = rawZip([zeros('a.xml', 2 * MB), zeros('b.xml', 2 * MB), zeros('c.xml', 2 * MB)]);
    const read = readZipDirectory(three);
    if (!read.ok) throw new Error(read.problem);
    expect(unpackWithinBudget(three, read.entries, 5 * MB)).toMatchObject({ ok: false, tooLarge: true });
    expect(unpackWithinBudget(three, read.entries, 6 * MB)).toEqual({ ok: true, unpackedBytes: 6 * MB });
  });

  it('refuses entries that share bytes, so no data is unpacked twice', () => {
    const overlapping = rawZip([zeros('a.xml', MB), zeros('b.xml', MB)], { pointAt: [[1, 0]] });
    expect(problemOf(overlapping)).toBe('the local and central names differ');
    const sameName = rawZip([zeros('a.xml', MB), zeros('a.xml', MB)], { pointAt: [[1, 0]] });
    expect(problemOf(sameName)).toBe('entries overlap');
  });

  it('refuses what JSZip would read differently: zip64, prepended bytes, lying names, sizes and methods', () => {
    const good = rawZip([textEntry('xl/workbook.xml', '<w/>')]);
    expect(problemOf(good)).toBeUndefined();
    const zip64 = Buffer.from(good);
    zip64.writeUInt16LE(0xffff, zip64.length - 22 + 10);
    expect(problemOf(zip64)).toBe('zip64');
    const entry = textEntry('xl/workbook.xml', '<w/>');
    expect(problemOf(rawZip([{ ...entry, uncompressedSize: 0xffffffff }]))).toBe('zip64');
    expect(problemOf(rawZip([entry], { centralSizeDelta: -1 }))).toBe(
      'the central directory is not where the EOCD says',
    );
    expect(problemOf(rawZip([{ ...entry, localName: 'xl/other.xml' }]))).toBe('the local and central names differ');
    expect(problemOf(rawZip([{ ...entry, method: 0 }]))).toBeUndefined();
    const bzip2 = rawZip([entry]);
    bzip2.writeUInt16LE(12, bzip2.length - 22 - 46 - 'xl/workbook.xml'.length + 10);
    expect(problemOf(bzip2)).toBe('an unknown compression method');
    const lies = rawZip([{ ...entry, uncompressedSize: 3 }]);
    expect(checkZipArchive(lies, limits)).toMatchObject({ ok: false, tooLarge: false });
    const notDeflate = rawZip([{ name: 'x.xml', data: Buffer.from([0xff, 0xff, 0xff]), uncompressedSize: 1 }]);
    expect(checkZipArchive(notDeflate, limits)).toMatchObject({ ok: false, problem: 'not valid deflate data' });
    const folder = rawZip([{ name: 'xl/', data: Buffer.alloc(0), uncompressedSize: 0 }, entry]);
    expect(checkZipArchive(folder, limits)).toMatchObject({ ok: true });
    expect(problemOf(Buffer.from('PK\u0003\u0004 truncated', 'latin1'))).toBe('not a zip file');
    expect(problemOf(good.subarray(0, good.length - 1))).toBe('no end of central directory');
  });

  it('refuses more entries than asked for, and reads a large honest directory quickly', () => {
    const empty = deflateRawSync('');
    const many = rawZip(
      Array.from({ length: 3000 }, (_, n) => ({ name: `xl/p${n}.xml`, data: empty, uncompressedSize: 0 })),
    );
    const started = performance.now();
    expect(readZipDirectory(many)).toMatchObject({ ok: true });
    expect(performance.now() - started).toBeLessThan(500);
    expect(readZipDirectory(many, { maxEntries: 2000 })).toEqual({ ok: false, problem: 'too many entries' });
  });
});
