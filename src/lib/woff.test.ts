import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { woffToSfnt } from './woff.js';

const require = createRequire(import.meta.url);
const WOFF = require.resolve('@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff');

/** How wide a line is set in a font, as the PDF writer measures it. */
function widthIn(font: Buffer, line: string): number {
  const pdf = new PDFDocument();
  pdf.registerFont('Font', font);
  return pdf.font('Font').fontSize(12).widthOfString(line);
}

describe('woffToSfnt', () => {
  it('unpacks a WOFF font into the font it wraps, which sets text exactly as the WOFF does', () => {
    const woff = readFileSync(WOFF);
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4)); // the flavour: TrueType outlines
    expect(sfnt.length).toBeGreaterThan(woff.length);
    for (const line of ['Łódź, Ștefan — α ≥ β, Жанна ✓', 'Child A was seen by the health visitor.']) {
      const width = widthIn(sfnt, line);
      expect(width).toBeGreaterThan(0);
      expect(width).toBe(widthIn(woff, line));
    }
  });

  it('refuses anything that is not WOFF 1.0', () => {
    expect(() => woffToSfnt(Buffer.from('OTTO0000000000000000'))).toThrow('Not a WOFF 1.0 font');
  });
});
