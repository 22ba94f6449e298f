/**
 * The PDF writer the review export and the board report share: real text (never images of text), tagged
 * as headings, paragraphs, lists and tables so screen readers can follow it. Text is set in the standard
 * PDF font Helvetica, which covers Latin-1 and a few marks and costs nothing to lay out. A piece of text
 * with any other character (Polish or Romanian names, Greek, Cyrillic, symbols such as ≥) is set in
 * DejaVu Sans instead, embedded (only the glyphs used): laying it out costs several times as much, so
 * only the text that needs it pays. The font comes with the app's packages: nothing to install. A
 * character neither font has (Chinese, emoji) shows as an empty box, and is still in the text layer.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { proseBlocks } from '../../lib/prose-blocks.js';
import { woffToSfnt } from '../../lib/woff.js';
import { NOT_RECORDED } from './export.labels.js';

const SIZES = { H1: 18, H2: 15, H3: 12.5, H4: 11 } as const;
export type Heading = keyof typeof SIZES;
export const BODY_SIZE = 10.5;

const require = createRequire(import.meta.url);
const WIDE_FONT_FILES = {
  Wide: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
  'Wide-Bold': '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
} as const;
let wideFonts: [string, Buffer][] | undefined;

/** The wide fonts, unpacked from WOFF once per process (about 1.5 MB, kept from the first PDF on). */
function loadWideFonts(): [string, Buffer][] {
  wideFonts ??= Object.entries(WIDE_FONT_FILES).map(([name, file]) => [
    name,
    woffToSfnt(readFileSync(require.resolve(file))),
  ]);
  return wideFonts;
}
/** What Helvetica (WinAnsi encoding) can show. */
const STANDARD = /^[\n\t\x20-\x7e\xa0-\xff\u2018\u2019\u201c\u201d\u2013\u2014\u2022\u2026\u20ac]*$/;

/** Control characters (other than line breaks and tabs) have no glyph and no place in a document. */
export function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** A new A4 document, tagged, and the promise of its bytes once `end()` is called. */
export function newPdf(info: { Title: string; Author: string }, margin = 56) {
  const pdf = new PDFDocument({
    size: 'A4',
    margin,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { ...info, Creator: 'Quality Markers' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.font('Helvetica').fontSize(BODY_SIZE);
  return { pdf, done };
}

export class Writer {
  private wide = false;

  constructor(readonly pdf: PDFKit.PDFDocument) {}

  /** The font for a piece of text; the wide fonts are added to the document when text first needs them. */
  fontFor(value: string, bold = false): string {
    if (STANDARD.test(value)) return bold ? 'Helvetica-Bold' : 'Helvetica';
    if (!this.wide) {
      for (const [name, font] of loadWideFonts()) this.pdf.registerFont(name, font);
      this.wide = true;
    }
    return bold ? 'Wide-Bold' : 'Wide';
  }

  /** Starts a new page unless `points` of room are left on this one. */
  room(points: number) {
    const pdf = this.pdf;
    if (pdf.y > pdf.page.height - pdf.page.margins.bottom - points) pdf.addPage();
  }

  heading(level: Heading, value: string, opts: { gap?: number } = {}) {
    const pdf = this.pdf;
    const line = printable(value);
    this.room(80);
    pdf.moveDown(opts.gap ?? (level === 'H1' ? 0.8 : 0.5));
    pdf.addStructure(
      pdf.struct(level, {}, () => {
        pdf.font(this.fontFor(line, true)).fontSize(SIZES[level]).text(line);
      }),
    );
    pdf.font('Helvetica').fontSize(BODY_SIZE);
  }

  para(value: string, label?: string) {
    const pdf = this.pdf;
    const body = printable(value || (label ? NOT_RECORDED : ''));
    pdf.addStructure(
      pdf.struct('P', {}, () => {
        if (label) {
          const lead = `${printable(label)}: `;
          pdf.font(this.fontFor(lead, true)).text(lead, { continued: true });
        }
        pdf.font(this.fontFor(body, false)).text(body);
        pdf.font('Helvetica');
      }),
    );
  }

  /** A bulleted or numbered list, tagged as one (L, LI, Lbl, LBody). */
  list(items: string[], ordered = false) {
    if (!items.length) return;
    const pdf = this.pdf;
    const lines = items.map(printable);
    const list = pdf.struct('L');
    pdf.addStructure(list);
    pdf.font(this.fontFor(lines.join(''), false));
    pdf.list(lines, { listType: ordered ? 'numbered' : 'bullet', structParent: list } as PDFKit.Mixins.TextOptions);
    list.end();
    pdf.font('Helvetica');
    pdf.x = pdf.page.margins.left;
  }

  /** Text someone typed: its paragraphs as paragraphs and its lists as lists. */
  prose(value: string) {
    for (const block of proseBlocks(value)) {
      if (block.kind === 'paragraph') this.para(block.text);
      else this.list(block.items, block.ordered);
    }
  }

  /** A table with a header row, tagged (Table, TR, TH, TD); `widths` in points, '*' shares what is left. */
  table(head: string[], rows: (string | number)[][], opts: { widths?: (number | '*')[]; size?: number } = {}) {
    const pdf = this.pdf;
    const size = opts.size ?? 9;
    const cell = (value: string | number, th: boolean) => {
      const text = printable(String(value));
      return { text, type: th ? 'TH' : 'TD', font: { src: this.fontFor(text, th), size } } as PDFKit.Mixins.CellOptions;
    };
    pdf.table({
      structParent: pdf,
      columnStyles: opts.widths ?? '*',
      defaultStyle: { padding: [2, 4], border: 0.5, borderColor: '#b1b4b6' },
      data: [head.map((h) => cell(h, true)), ...rows.map((r) => r.map((v, i) => cell(v, i === 0)))],
    } as PDFKit.Mixins.TableOptionsWithData);
    pdf.font('Helvetica').fontSize(BODY_SIZE);
    pdf.x = pdf.page.margins.left;
    pdf.moveDown(0.5);
  }
}
