import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import { toBlocks } from '../../lib/text.js';
import { JUDGEMENT_NOTE } from '../frameworks/framework.schema.js';
import type { NumberedQuestion, PrintView } from './markers.service.js';

/** A Word checklist: headings per stage and marker, each question in a table with a notes column. */
export async function buildChecklistDocx(view: PrintView): Promise<Buffer> {
  const fw = view.framework;
  const children: ISectionOptions['children'][number][] = [
    new Paragraph({ text: `${fw.title}: checklist`, heading: HeadingLevel.TITLE }),
    new Paragraph({
      children: [
        new TextRun(
          `Version ${fw.version}${view.stage ? `, stage: ${view.stage.title}` : ''}. Written by ${fw.publisher}, based on ${fw.source.name}. ${JUDGEMENT_NOTE}`,
        ),
      ],
    }),
    new Paragraph({
      children: [
        new TextRun({
          text: 'Review: ______________________   Date: ____________   Completed by: ______________________',
        }),
      ],
      spacing: { before: 200, after: 200 },
    }),
  ];

  for (const { stage, markers } of view.stages) {
    children.push(
      new Paragraph({ text: stage.title, heading: HeadingLevel.HEADING_1, pageBreakBefore: children.length > 3 }),
    );
    for (const { marker, questions } of markers) {
      children.push(new Paragraph({ text: `${marker.number}. ${marker.title}`, heading: HeadingLevel.HEADING_2 }));
      children.push(new Paragraph({ text: 'Quality statement', heading: HeadingLevel.HEADING_3 }));
      for (const block of toBlocks(marker.statement)) {
        if (block.kind === 'paragraph') children.push(new Paragraph(block.text));
        else block.items.forEach((item) => children.push(new Paragraph({ text: item, bullet: { level: 0 } })));
      }
      children.push(questionsTable(questions));
      children.push(
        new Paragraph({
          text: `Judgement: ${fw.scale.map((s) => s.label).join(' / ')}`,
          spacing: { before: 200 },
        }),
      );
    }
  }

  const doc = new Document({
    creator: 'Quality Markers',
    title: `${fw.title}: checklist`,
    description: `Checklist of questions from ${fw.title} version ${fw.version}`,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '505a5f' };
const borders = { top: border, bottom: border, left: border, right: border };

function cell(text: string, width: number, bold = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    borders,
    children: [new Paragraph({ children: [new TextRun({ text, bold })] })],
  });
}

function questionsTable(questions: NumberedQuestion[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: [cell('No.', 6, true), cell('Question', 44, true), cell('For', 15, true), cell('Notes', 35, true)],
      }),
      ...questions.map(
        (q) =>
          new TableRow({
            children: [
              new TableCell({
                width: { size: 6, type: WidthType.PERCENTAGE },
                borders,
                children: [new Paragraph({ text: String(q.number), alignment: AlignmentType.CENTER })],
              }),
              cell(q.text, 44),
              cell(
                q.originLabel ? `${q.audienceLabels.join('; ')}. ${q.originLabel}` : q.audienceLabels.join('; '),
                15,
              ),
              cell('', 35),
            ],
          }),
      ),
    ],
  });
}
