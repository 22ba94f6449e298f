import {
  BorderStyle,
  Document,
  Footer,
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
import { formatDate } from '../../lib/uk-time.js';
import { REVIEW_METHODS, REVIEW_ROLES, REVIEW_TYPES } from './reviews.options.js';
import type { TermsOfReference } from './scope.service.js';

type Block = ISectionOptions['children'][number];

const border = { style: BorderStyle.SINGLE, size: 4, color: '505a5f' };
const borders = { top: border, bottom: border, left: border, right: border };

function cell(text: string, width: number, bold = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    borders,
    children: [new Paragraph({ children: [new TextRun({ text, bold })] })],
  });
}

function table(rows: [string, string][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(([key, value]) => new TableRow({ children: [cell(key, 35, true), cell(value, 65)] })),
  });
}

function prose(text: string): Block[] {
  return toBlocks(text).flatMap((block) =>
    block.kind === 'paragraph'
      ? [new Paragraph(block.text)]
      : block.items.map((item) => new Paragraph({ text: item, bullet: { level: 0 } })),
  );
}

/** The name the download is saved under: "terms-of-reference-lcspr-2026-03.docx". */
export function termsOfReferenceFileName(reference: string): string {
  const slug = reference
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `terms-of-reference${slug ? `-${slug}` : ''}.docx`;
}

/** A draft terms of reference in Word: the review's details, key dates, team and every scope section. */
export async function buildTermsOfReferenceDocx(terms: TermsOfReference): Promise<Buffer> {
  const { review } = terms;
  const title = `Terms of reference: ${review.reference}`;
  const method = review.method === 'other' ? (review.method_other ?? 'Other') : (REVIEW_METHODS[review.method] ?? '');
  const children: Block[] = [
    new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
    new Paragraph({
      children: [new TextRun({ text: `DRAFT – ${formatDate(terms.today)}`, bold: true })],
      spacing: { after: 200 },
    }),
    new Paragraph({ text: 'About the review', heading: HeadingLevel.HEADING_1 }),
    table([
      ['Reference', review.reference],
      ['Title', review.title],
      ['Child or adult (pseudonym)', review.subject_pseudonym],
      ['Type of review', REVIEW_TYPES[review.type]],
      ['Method', method],
      [
        'Quality markers',
        terms.framework ? `${terms.framework.title}, version ${terms.framework.version}` : review.framework_key,
      ],
    ]),
  ];

  if (terms.keyDates.length) {
    children.push(new Paragraph({ text: 'Key dates', heading: HeadingLevel.HEADING_1 }));
    children.push(table(terms.keyDates.map((d) => [d.label, d.text])));
  }

  if (terms.team.length) {
    children.push(new Paragraph({ text: 'Review team', heading: HeadingLevel.HEADING_1 }));
    children.push(table(terms.team.map((m) => [m.name, REVIEW_ROLES[m.role]])));
  }

  for (const section of terms.sections) {
    children.push(new Paragraph({ text: section.title, heading: HeadingLevel.HEADING_1 }));
    if (section.text) children.push(...prose(section.text));
    else {
      children.push(
        new Paragraph({ children: [new TextRun({ text: `To be agreed. ${section.hint}`, italics: true })] }),
      );
    }
    if (section.answers.length) {
      children.push(
        new Paragraph({
          children: [
            new TextRun({
              text: `Quality markers this answers: ${section.answers.map((m) => `${m.number}. ${m.title}`).join('; ')}`,
              italics: true,
              color: '505a5f',
            }),
          ],
          spacing: { before: 120 },
        }),
      );
    }
  }

  const doc = new Document({
    creator: 'Quality Markers',
    title,
    description: `Draft terms of reference for ${review.reference}`,
    sections: [
      {
        children,
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                children: [
                  new TextRun({
                    text: `Draft terms of reference for ${review.reference}. Uses pseudonyms only: never add real names.`,
                    size: 18,
                  }),
                ],
              }),
            ],
          }),
        },
      },
    ],
  });
  return Packer.toBuffer(doc);
}
