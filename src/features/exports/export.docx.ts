/**
 * Word: a title page with the partnership's name and logo, a contents list (a TOC field Word fills in
 * when the document opens), the review's details, then each round by stage and marker, the findings
 * and actions as tables, and the written response.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  ImageRun,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import { proseBlocks } from '../../lib/prose-blocks.js';
import { longDate } from '../../lib/uk-time.js';
import type { PartnershipLogo } from './exports.service.js';
import {
  ACTION_KIND_TEXT,
  ACTION_STATUS_TEXT,
  ANSWER_TEXT,
  MARKER_STATUS_TEXT,
  RAG_TEXT,
  ROUND_PURPOSE_TEXT,
  ROUND_STATUS_TEXT,
  TEAM_ROLE_TEXT,
  findingLabel,
  judgementText,
  JUDGEMENT_NOTE,
  markersInOrder,
  NOT_IN_ROUND,
  notInRound,
  text,
  keyDateLabel,
  keyDatesOfType,
  markerLabels,
  NOT_RECORDED,
  REVIEW_STATUS_TEXT,
  REVIEW_TYPE_TEXT,
} from './export.labels.js';
import type { ReviewExport } from './review-export.schema.js';
import { statutoryDocx } from './export.statutory.docx.js';

type Block = ISectionOptions['children'][number];

/**
 * Lists are Word's own list paragraphs (numbering definitions), never lines that start with "-": a
 * bulleted style, and a numbered style whose each list starts again at 1 (a numbering instance per list).
 */
const LIST_INDENT = { left: 720, hanging: 360 };
export const LIST_NUMBERING = {
  config: [
    {
      reference: 'bullets',
      levels: [
        {
          level: 0,
          format: LevelFormat.BULLET,
          text: '\u2022',
          alignment: AlignmentType.LEFT,
          style: { paragraph: { indent: LIST_INDENT } },
        },
      ],
    },
    {
      reference: 'numbers',
      levels: [
        {
          level: 0,
          format: LevelFormat.DECIMAL,
          text: '%1.',
          alignment: AlignmentType.LEFT,
          style: { paragraph: { indent: LIST_INDENT } },
        },
      ],
    },
  ],
};
let listInstance = 0;

/** A list's items as list paragraphs. */
export function listParagraphs(items: string[], ordered = false): Paragraph[] {
  const instance = ++listInstance;
  return items.map(
    (text) => new Paragraph({ text, numbering: { reference: ordered ? 'numbers' : 'bullets', level: 0, instance } }),
  );
}

/** A line in a table cell that starts "- " or "• " is a bullet there too. */
const CELL_BULLET = /^[-*•]\s+(.*)$/;

/** Plain runs unless bold: every attribute is XML the library writes, and a large review has thousands of cells. */
function cell(value: string, bold = false): TableCell {
  return new TableCell({
    children: value.split('\n').map((line) => {
      const item = bold ? null : CELL_BULLET.exec(line);
      if (item) return new Paragraph({ text: item[1], numbering: { reference: 'bullets', level: 0 } });
      return new Paragraph({ children: [new TextRun(bold ? { text: line, bold } : line)] });
    }),
  });
}

/** A table with a repeating header row. */
export function table(head: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) })),
    ],
  });
}

/** Text someone typed: its paragraphs as paragraphs, its lists as list paragraphs. */
const para = (value: string) =>
  proseBlocks(value).flatMap((b) =>
    b.kind === 'paragraph' ? [new Paragraph({ text: b.text })] : listParagraphs(b.items, b.ordered),
  );
const lead = (label: string) => new Paragraph({ children: [new TextRun({ text: `${label}:`, bold: true })] });
const labelled = (label: string, value: string) =>
  new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value || NOT_RECORDED)] });
/** A label and typed text: on one line when the text is one paragraph, else the label over its blocks. */
const labelledProse = (label: string, value: string) => {
  const blocks = proseBlocks(value);
  if (blocks.length <= 1 && blocks[0]?.kind !== 'list') return [labelled(label, blocks[0]?.text ?? '')];
  return [lead(label), ...para(value)];
};

/** A title page's logo (here and in the yearly extract): a PNG scaled from its header to fit 2 × 1 inches. */
export function logoRun(logo: PartnershipLogo, name: string): ImageRun | null {
  const png = logo.content;
  if (logo.contentType !== 'image/png' || png.length < 24 || png.toString('ascii', 12, 16) !== 'IHDR') return null;
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (!width || !height) return null;
  const scale = Math.min(1, 200 / width, 100 / height);
  return new ImageRun({
    type: 'png',
    data: png,
    transformation: { width: Math.round(width * scale), height: Math.round(height * scale) },
    altText: { name: 'Logo', title: `${name} logo`, description: `${name} logo` },
  });
}

function titlePage(doc: ReviewExport, logo: PartnershipLogo | null): Block[] {
  const image = logo ? logoRun(logo, doc.partnership.name) : null;
  return [
    ...(image ? [new Paragraph({ children: [image] })] : []),
    new Paragraph({ children: [new TextRun({ text: doc.partnership.name, bold: true, size: 32 })] }),
    new Paragraph({ text: `${doc.review.reference}: ${doc.review.title}`, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: `Quality markers: ${doc.framework.title}, version ${doc.framework.version}` }),
    new Paragraph({ text: `Exported on ${longDate(doc.exportedAt)}` }),
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({ text: 'Contents', heading: HeadingLevel.HEADING_1 }),
    new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-3' }),
    new Paragraph({ children: [new PageBreak()] }),
  ];
}

function summary(doc: ReviewExport): Block[] {
  const r = doc.review;
  const dates = keyDatesOfType(doc).filter(([, v]) => v);
  return [
    new Paragraph({ text: 'About the review', heading: HeadingLevel.HEADING_1 }),
    labelled('Subject', r.subjectPseudonym),
    labelled('Type', text(REVIEW_TYPE_TEXT, r.type)),
    labelled('Status', text(REVIEW_STATUS_TEXT, r.status)),
    ...dates.map(([k, v]) => labelled(keyDateLabel(k), longDate(v))),
    labelled('Statutory timescales', 'see “Statutory timescales” below'),
    new Paragraph({ text: 'Team', heading: HeadingLevel.HEADING_2 }),
    table(
      ['Name', 'Role'],
      doc.team.map((m) => [m.name, text(TEAM_ROLE_TEXT, m.role)]),
    ),
    ...(doc.scope.length ? [new Paragraph({ text: 'Scope', heading: HeadingLevel.HEADING_2 })] : []),
    ...doc.scope.flatMap((s) => [new Paragraph({ text: s.title, heading: HeadingLevel.HEADING_3 }), ...para(s.text)]),
  ];
}

function rounds(doc: ReviewExport): Block[] {
  const out: Block[] = [];
  const order = markersInOrder(doc);
  for (const round of doc.rounds) {
    const byKey = new Map(round.markers.map((m) => [m.markerKey, m]));
    out.push(
      new Paragraph({
        text: `Round ${round.number}: ${text(ROUND_PURPOSE_TEXT, round.purpose)}`,
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: true,
      }),
      labelled('Status', text(ROUND_STATUS_TEXT, round.status)),
      new Paragraph({ children: [new TextRun({ text: JUDGEMENT_NOTE, italics: true })] }),
    );
    const left = notInRound(doc, round);
    if (left.length) out.push(labelled(NOT_IN_ROUND, left.join('; ')));
    if (round.signOff.decidedAt) {
      out.push(
        labelled('Signed off', `${longDate(round.signOff.decidedAt)} by ${round.signOff.decidedBy ?? 'unknown'}`),
      );
    }
    let stageKey = '';
    for (const { stage, marker } of order) {
      const rec = byKey.get(marker.key);
      if (!rec) continue;
      if (stage.key !== stageKey) {
        out.push(new Paragraph({ text: stage.title, heading: HeadingLevel.HEADING_2 }));
        stageKey = stage.key;
      }
      out.push(
        new Paragraph({ text: `${marker.number}. ${marker.title}`, heading: HeadingLevel.HEADING_3 }),
        labelled('Judgement', judgementText(round, rec.judgement)),
        labelled('Status', text(MARKER_STATUS_TEXT, rec.status)),
        labelled('Owner', rec.owner ?? ''),
        ...labelledProse('Rationale', rec.rationale),
      );
      const questions = new Map(marker.questions.map((q, i) => [q.key, `${i + 1}. ${q.text}`]));
      out.push(
        table(
          ['Question', 'Answer', 'Notes'],
          rec.answers.map((a) => [questions.get(a.questionKey) ?? a.questionKey, text(ANSWER_TEXT, a.answer), a.note]),
        ),
      );
      if (rec.evidence.length) {
        out.push(lead('Evidence'), ...listParagraphs(rec.evidence.map((e) => e.title)));
      }
    }
  }
  return out;
}

function outcomes(doc: ReviewExport): Block[] {
  return [
    new Paragraph({ text: 'Findings and recommendations', heading: HeadingLevel.HEADING_1, pageBreakBefore: true }),
    doc.findings.length
      ? table(
          ['', 'Text', 'Markers', 'Learning themes'],
          doc.findings.map((f) => [
            findingLabel(doc, f.id),
            f.text,
            markerLabels(doc, f.markerKeys).join('; '),
            f.themes.join(', '),
          ]),
        )
      : new Paragraph('Nothing recorded.'),
    new Paragraph({ text: 'Actions', heading: HeadingLevel.HEADING_1 }),
    doc.actions.length
      ? table(
          ['No.', 'Action', 'Owner and agencies', 'Due', 'Status', 'Impact'],
          doc.actions.map((a) => [
            String(a.number),
            `${text(ACTION_KIND_TEXT, a.kind)}: ${a.title}${a.description ? `\n${a.description}` : ''}`,
            [a.ownerName || a.owner || '', a.agencies.join(', ')].filter(Boolean).join('\n'),
            longDate(a.dueDate),
            `${text(ACTION_STATUS_TEXT, a.status)}${a.rag ? ` (${text(RAG_TEXT, a.rag)})` : ''}`,
            [a.impactWhatChanged, a.impactHowWeKnow].filter(Boolean).join('\n'),
          ]),
        )
      : new Paragraph('Nothing recorded.'),
    new Paragraph({ text: 'Written response', heading: HeadingLevel.HEADING_1 }),
    ...(doc.writtenResponse
      ? [
          labelled(
            'Status',
            doc.writtenResponse.status === 'agreed' ? `Agreed ${longDate(doc.writtenResponse.agreedAt)}` : 'Draft',
          ),
          ...para(doc.writtenResponse.text),
          ...commitments(doc),
        ]
      : [new Paragraph('Not written yet.')]),
  ];
}

function commitments(doc: ReviewExport): Paragraph[] {
  const actions = doc.actions.filter((a) => doc.writtenResponse!.actionIds.includes(a.id));
  if (!actions.length) return [labelled('Actions it commits to', '')];
  return [lead('Actions it commits to'), ...listParagraphs(actions.map((a) => `Action ${a.number}: ${a.title}`))];
}

export async function buildReviewDocx(doc: ReviewExport, logo: PartnershipLogo | null): Promise<Buffer> {
  const document = new Document({
    creator: 'Quality Markers',
    title: `${doc.review.reference}: ${doc.review.title}`,
    description: `Review ${doc.review.reference} exported from Quality Markers`,
    features: { updateFields: true },
    numbering: LIST_NUMBERING,
    sections: [
      { children: [...titlePage(doc, logo), ...summary(doc), ...statutoryDocx(doc), ...rounds(doc), ...outcomes(doc)] },
    ],
  });
  return Packer.toBuffer(document);
}
