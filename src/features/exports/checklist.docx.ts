/**
 * A round's checklist for a meeting, in Word: each marker's questions in a table with answer and
 * notes columns, blank to fill in by hand or filled with what the round has saved.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun, type ISectionOptions } from 'docx';
import { longDate } from '../../lib/uk-time.js';
import { LIST_NUMBERING, table } from './export.docx.js';
import {
  ANSWER_TEXT,
  JUDGEMENT_NOTE,
  ROUND_PURPOSE_TEXT,
  judgementText,
  markersInOrder,
  NOT_IN_ROUND,
  text,
} from './export.labels.js';
import type { ExportRound, ReviewExport } from './review-export.schema.js';

export interface RoundChecklist {
  document: ReviewExport;
  round: ExportRound;
  filled: boolean;
}

export async function buildRoundChecklistDocx({ document: doc, round, filled }: RoundChecklist): Promise<Buffer> {
  const title = `${doc.review.reference}: round ${round.number} checklist`;
  const children: ISectionOptions['children'][number][] = [
    new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
    new Paragraph({
      text: `${doc.review.title}. ${text(ROUND_PURPOSE_TEXT, round.purpose)}. ${doc.framework.title}, version ${doc.framework.version}.`,
    }),
    new Paragraph({
      text: filled
        ? `Filled with the answers saved by ${longDate(doc.exportedAt)}.`
        : 'Meeting date: ____________   Attending: ________________________________',
      spacing: { before: 200, after: 200 },
    }),
    new Paragraph({ text: JUDGEMENT_NOTE }),
  ];
  const records = new Map(round.markers.map((m) => [m.markerKey, m]));
  let stageKey = '';
  for (const { stage, marker } of markersInOrder(doc)) {
    const rec = records.get(marker.key);
    if (stage.key !== stageKey) {
      stageKey = stage.key;
      children.push(
        new Paragraph({ text: stage.title, heading: HeadingLevel.HEADING_1, pageBreakBefore: children.length > 3 }),
      );
    }
    children.push(new Paragraph({ text: `${marker.number}. ${marker.title}`, heading: HeadingLevel.HEADING_2 }));
    if (!rec) {
      children.push(new Paragraph({ text: NOT_IN_ROUND }));
      continue;
    }
    const answers = new Map((rec?.answers ?? []).map((a) => [a.questionKey, a]));
    children.push(
      table(
        ['No.', 'Question', 'Answer', 'Notes'],
        marker.questions.map((q, i) => {
          const a = filled ? answers.get(q.key) : undefined;
          return [String(i + 1), q.text, a ? text(ANSWER_TEXT, a.answer) : '', a?.note ?? ''];
        }),
      ),
    );
    children.push(
      new Paragraph({
        spacing: { before: 200 },
        children: [
          new TextRun({ text: 'Judgement: ', bold: true }),
          new TextRun(
            filled && rec ? judgementText(round, rec.judgement) : round.scale.map((o) => o.label).join(' / '),
          ),
        ],
      }),
    );
    if (filled && rec?.rationale) {
      children.push(
        new Paragraph({ children: [new TextRun({ text: 'Rationale: ', bold: true }), new TextRun(rec.rationale)] }),
      );
    }
  }
  const document = new Document({
    creator: 'Quality Markers',
    title,
    description: `${filled ? 'Filled' : 'Blank'} checklist for round ${round.number} of ${doc.review.reference}`,
    // (a note in a table cell that starts "- " is drawn as a bullet)
    numbering: LIST_NUMBERING,
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
