import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  compoundFile,
  hiddenEntryZipBomb,
  ole2DifatLoop,
  rawZip,
  textEntry,
} from '../../../test/helpers/hostile-files.js';
import { displayableFileName, safeFileName, sniffFileType } from './file-type.js';

describe('sniffing a file’s type through the bounded readers', () => {
  it('still recognises real Word and Excel files, new and old', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('word/document.xml', '<w:document/>');
    expect(sniffFileType(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))).toBe('docx');
    expect(sniffFileType(rawZip([textEntry('xl/workbook.xml', '<workbook/>')]))).toBe('xlsx');
    expect(sniffFileType(compoundFile('WordDocument'))).toBe('doc');
    expect(sniffFileType(compoundFile('Book'))).toBe('xls');
  });

  it('refuses the OLE2 file whose DIFAT loops and the ZIP whose directory hides an entry', () => {
    expect(sniffFileType(ole2DifatLoop())).toBeNull();
    expect(sniffFileType(hiddenEntryZipBomb())).toBeNull();
  });
});

describe('file names for storing and downloading', () => {
  it('strips bidirectional controls and other format characters, so a name shows what it is', () => {
    expect(safeFileName('report\u202Efdp.exe', 'pdf')).toBe('reportfdp.exe.pdf');
    expect(
      safeFileName(
        'a\u202Ab\u202Bc\u202Cd\u202De\u2066f\u2067g\u2068h\u2069i\u200Ej\u200Fk\u200Bl\uFEFFm\u00ADn.png',
        'png',
      ),
    ).toBe('abcdefghijklmn.png');
    expect(safeFileName('line\u2028break\u0085.pdf', 'pdf')).toBe('linebreak.pdf');
    expect(safeFileName('\u202E', 'pdf')).toBe('evidence.pdf');
    expect(displayableFileName('Minutes \u2067of\u2069 panel.docx')).toBe('Minutes of panel.docx');
    // Letters, accents and emoji stay.
    expect(safeFileName('Café – notes 📝.docx', 'docx')).toBe('Café – notes 📝.docx');
  });

  it('never cuts a character in two when shortening, and drops lone surrogates', () => {
    const long = `${'a'.repeat(149)}📝📝.pdf`;
    const safe = safeFileName(long, 'pdf');
    expect(safe).toBe(`${'a'.repeat(149)}📝.pdf`);
    expect(() => encodeURIComponent(safe)).not.toThrow();
    expect(safeFileName('a\uD800b.pdf', 'pdf')).toBe('ab.pdf');
  });
});
