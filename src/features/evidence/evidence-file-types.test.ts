import { describe, expect, it } from 'vitest';
import { compoundFile } from '../../../test/helpers/hostile-files.js';
import { EVIDENCE_FILE_LIMIT_BYTES, safeFileName, sniffFileType } from '../../lib/untrusted/file-type.js';
import { EXE, GIF, JPEG, PDF, PNG, TEXT, WEBP, zipOf } from './evidence.fixture.js';

describe('file types, by content', () => {
  it('recognises PDF, Word, Excel and images from their bytes', async () => {
    expect(sniffFileType(PDF)).toBe('pdf');
    expect(sniffFileType(PNG)).toBe('png');
    expect(sniffFileType(JPEG)).toBe('jpeg');
    expect(sniffFileType(GIF)).toBe('gif');
    expect(sniffFileType(WEBP)).toBe('webp');
    expect(sniffFileType(await zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' }))).toBe('docx');
    expect(sniffFileType(await zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<x/>' }))).toBe('xlsx');
    expect(sniffFileType(compoundFile('WordDocument'))).toBe('doc');
    expect(sniffFileType(compoundFile('Workbook'))).toBe('xls');
  });

  it('recognises plain text: valid UTF-8 with no NUL, within the evidence limit', () => {
    expect(sniffFileType(TEXT)).toBe('txt');
    expect(sniffFileType(Buffer.from('\uFEFFÉtude — “quoted”, 🙂\r\n\tindented\n', 'utf8'))).toBe('txt');
    expect(sniffFileType(Buffer.from('text with a NUL\u0000 inside'))).toBeNull();
    expect(sniffFileType(Buffer.from('Latin-1 caf\xe9', 'latin1'))).toBeNull();
    expect(sniffFileType(Buffer.from('UTF-16 text', 'utf16le'))).toBeNull();
    expect(sniffFileType(Buffer.from([0x61, 0xe2, 0x82]))).toBeNull(); // a character cut short
    expect(sniffFileType(Buffer.alloc(EVIDENCE_FILE_LIMIT_BYTES + 1, 'a'))).toBeNull();
    expect(sniffFileType(Buffer.alloc(EVIDENCE_FILE_LIMIT_BYTES, 'a'))).toBe('txt');
    expect(safeFileName('notes', 'txt')).toBe('notes.txt');
  });

  it('refuses anything else, whatever it is called', async () => {
    expect(sniffFileType(EXE)).toBeNull();
    expect(sniffFileType(Buffer.alloc(0))).toBeNull();
    expect(sniffFileType(await zipOf({ 'payload.exe': 'MZ' }))).toBeNull();
    expect(sniffFileType(compoundFile('PowerPoint Document'))).toBeNull();
    expect(sniffFileType(Buffer.from('PK\x03\x04 truncated', 'latin1'))).toBeNull();
  });

  it('gives a stored file a safe name whose extension matches its content', () => {
    expect(safeFileName('Minutes.PDF', 'pdf')).toBe('Minutes.PDF');
    expect(safeFileName('report.exe', 'pdf')).toBe('report.exe.pdf');
    expect(safeFileName('C:\\Users\\x\\..\\photo', 'jpeg')).toBe('photo.jpg');
    expect(safeFileName('bad"\nname.docx', 'docx')).toBe('badname.docx');
  });
});
