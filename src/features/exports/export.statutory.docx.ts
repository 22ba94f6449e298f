/** The statutory path's sections (export.statutory.ts) in the Word export. */
import { HeadingLevel, Paragraph, TextRun, type ISectionOptions } from 'docx';
import { table } from './export.docx.js';
import { NONE_RECORDED, statutoryOfExport } from './export.statutory.js';
import type { ReviewExport } from './review-export.schema.js';

type Block = ISectionOptions['children'][number];

const labelled = (label: string, value: string) =>
  new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });

export function statutoryDocx(doc: ReviewExport): Block[] {
  return statutoryOfExport(doc).flatMap((s, i): Block[] => [
    new Paragraph({ text: s.title, heading: HeadingLevel.HEADING_1, pageBreakBefore: i === 0 }),
    ...(s.note ? [new Paragraph({ text: s.note })] : []),
    ...s.rows.map((r) => labelled(r.label, r.value)),
    ...s.tables.flatMap((t) => [
      new Paragraph({ text: t.caption, heading: HeadingLevel.HEADING_2 }),
      t.rows.length ? table(t.head, t.rows) : new Paragraph(NONE_RECORDED),
    ]),
  ]);
}
