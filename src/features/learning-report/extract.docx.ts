/**
 * The extract as Word: the partnership's name and logo, the period, then each part and section under
 * real headings, figures and tables as Word tables, listed items as Word's own bulleted lists. Editable:
 * the business manager finishes the yearly report in it.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun, type ISectionOptions } from 'docx';
import { longDate } from '../../lib/uk-time.js';
import { LIST_NUMBERING, logoRun, table } from '../exports/export.docx.js';
import { printableLogo } from '../exports/logo-print.js';
import type { Extract, ItemList, Section } from './extract.model.js';

type Block = ISectionOptions['children'][number];

export interface Logo {
  contentType: 'image/png' | 'image/svg+xml';
  content: Buffer;
}

function logoParagraph(logo: Logo, name: string): Paragraph | null {
  const image = logoRun(logo, name);
  return image ? new Paragraph({ children: [image] }) : null;
}

export const periodText = (e: Pick<Extract, 'from' | 'to'>) => `${longDate(e.from)} to ${longDate(e.to)}`;

function itemList(l: ItemList): Block[] {
  const out: Block[] = [new Paragraph({ text: l.title, heading: HeadingLevel.HEADING_3 })];
  if (!l.items.length) return l.empty ? [...out, new Paragraph({ text: l.empty })] : out;
  // One paragraph an item, its details on lines of their own: a year of a large partnership lists thousands.
  for (const item of l.items) {
    const children = [new TextRun(item.text), ...item.details.map((d) => new TextRun({ text: d, break: 1 }))];
    out.push(new Paragraph({ children, numbering: { reference: 'bullets', level: 0 } }));
  }
  return out;
}

function section(s: Section): Block[] {
  return [
    new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_2 }),
    new Paragraph({ text: s.intro }),
    ...(s.figures.length
      ? [
          table(
            ['Measure', 'Number'],
            s.figures.map((f) => [f.label, String(f.value)]),
          ),
        ]
      : []),
    ...(s.table
      ? [new Paragraph({ text: s.table.caption, heading: HeadingLevel.HEADING_3 }), table(s.table.head, s.table.rows)]
      : []),
    ...s.lists.flatMap(itemList),
  ];
}

export async function buildExtractDocx(extract: Extract, logo: Logo | null, madeOn: Date): Promise<Buffer> {
  const printable = await printableLogo(logo);
  const image = printable ? logoParagraph(printable, extract.partnership) : null;
  const title = `Yearly report extract: ${periodText(extract)}`;
  const children: Block[] = [
    ...(image ? [image] : []),
    new Paragraph({ children: [new TextRun({ text: extract.partnership, bold: true, size: 32 })] }),
    new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
    new Paragraph({
      text: `Made on ${longDate(madeOn)} from the reviews recorded in Quality Markers. Check the figures before you use them.`,
    }),
    ...extract.parts.flatMap((part) => [
      new Paragraph({ text: part.title, heading: HeadingLevel.HEADING_1 }),
      new Paragraph({ text: part.intro }),
      ...part.sections.flatMap(section),
    ]),
  ];
  const document = new Document({
    creator: 'Quality Markers',
    title,
    description: `${extract.partnership}: ${title}`,
    numbering: LIST_NUMBERING,
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
