/**
 * PDF: real text (never images of text), tagged as a structure of headings and paragraphs so screen
 * readers can follow it, with bookmarks for each round, stage and marker. Text is set in the standard
 * PDF font Helvetica, which covers Latin-1 and a few marks and costs nothing to lay out. A heading or
 * paragraph with any other character (Polish or Romanian names, Greek, Cyrillic, symbols such as ≥) is
 * set in DejaVu Sans instead, embedded (only the glyphs used): laying it out costs several times as much,
 * so only the text that needs it pays. The font comes with the app's packages: nothing to install. A
 * character neither font has (Chinese, emoji) shows as an empty box, and is still in the text layer.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { longDate } from '../../lib/uk-time.js';
import { woffToSfnt } from '../../lib/woff.js';
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
  markerLabels,
  NOT_RECORDED,
  REVIEW_STATUS_TEXT,
  REVIEW_TYPE_TEXT,
} from './export.labels.js';
import type { PartnershipLogo } from './exports.service.js';
import type { ReviewExport } from './review-export.schema.js';

const SIZES = { H1: 18, H2: 15, H3: 12.5 } as const;
type Heading = keyof typeof SIZES;

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
function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

class Writer {
  private wide = false;

  constructor(private readonly pdf: PDFKit.PDFDocument) {}

  /** The font for a piece of text; the wide fonts are added to the document when text first needs them. */
  private fontFor(value: string, bold: boolean): string {
    if (STANDARD.test(value)) return bold ? 'Helvetica-Bold' : 'Helvetica';
    if (!this.wide) {
      for (const [name, font] of loadWideFonts()) this.pdf.registerFont(name, font);
      this.wide = true;
    }
    return bold ? 'Wide-Bold' : 'Wide';
  }

  heading(level: Heading, value: string) {
    const pdf = this.pdf;
    const line = printable(value);
    if (pdf.y > pdf.page.height - pdf.page.margins.bottom - 80) pdf.addPage();
    pdf.moveDown(level === 'H1' ? 0.8 : 0.5);
    pdf.addStructure(
      pdf.struct(level, {}, () => {
        pdf.font(this.fontFor(line, true)).fontSize(SIZES[level]).text(line);
      }),
    );
    pdf.font('Helvetica').fontSize(10.5);
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
}

export function buildReviewPdf(doc: ReviewExport, logo: PartnershipLogo | null = null): Promise<Buffer> {
  const r = doc.review;
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: `${r.reference}: ${r.title}`, Author: doc.partnership.name, Creator: 'Quality Markers' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const w = new Writer(pdf);
  pdf.font('Helvetica').fontSize(10.5);

  // The partnership's logo heads the title page: a PNG (an SVG logo comes drawn as one, see logo-print).
  if (logo?.contentType === 'image/png') {
    try {
      pdf.addStructure(
        pdf.struct('Figure', { alt: `${doc.partnership.name} logo` }, () => {
          pdf.image(logo.content, { fit: [180, 72] });
        }),
      );
    } catch {
      // An image pdfkit cannot read leaves the title page without a logo rather than failing the export.
    }
  }
  w.heading('H2', doc.partnership.name);
  w.heading('H1', `${r.reference}: ${r.title}`);
  w.para(`${doc.framework.title}, version ${doc.framework.version}`, 'Quality markers');
  w.para(r.subjectPseudonym, 'Subject');
  w.para(text(REVIEW_TYPE_TEXT, r.type), 'Type');
  w.para(text(REVIEW_STATUS_TEXT, r.status), 'Status');
  w.para(longDate(doc.exportedAt), 'Exported');
  for (const [k, v] of Object.entries(r.keyDates)) if (v) w.para(longDate(v), keyDateLabel(k));
  for (const t of r.timescales) w.para(t.detail, t.title);
  w.heading('H2', 'Team');
  for (const m of doc.team) w.para(m.name, text(TEAM_ROLE_TEXT, m.role));

  const order = markersInOrder(doc);
  for (const round of doc.rounds) {
    pdf.addPage();
    const title = `Round ${round.number}: ${text(ROUND_PURPOSE_TEXT, round.purpose)}`;
    const roundItem = pdf.outline.addItem(title);
    w.heading('H1', title);
    w.para(text(ROUND_STATUS_TEXT, round.status), 'Status');
    w.para(JUDGEMENT_NOTE);
    const left = notInRound(doc, round);
    if (left.length) w.para(left.join('; '), NOT_IN_ROUND);
    const byKey = new Map(round.markers.map((m) => [m.markerKey, m]));
    let stageKey = '';
    let stageItem = roundItem;
    for (const { stage, marker } of order) {
      const rec = byKey.get(marker.key);
      if (!rec) continue;
      if (stage.key !== stageKey) {
        stageKey = stage.key;
        stageItem = roundItem.addItem(stage.title);
        w.heading('H2', stage.title);
      }
      const markerTitle = `${marker.number}. ${marker.title}`;
      stageItem.addItem(markerTitle);
      w.heading('H3', markerTitle);
      w.para(judgementText(round, rec.judgement), 'Judgement');
      w.para(text(MARKER_STATUS_TEXT, rec.status), 'Status');
      if (rec.owner) w.para(rec.owner, 'Owner');
      w.para(rec.rationale, 'Rationale');
      const questions = new Map(marker.questions.map((q, i) => [q.key, `${i + 1}. ${q.text}`]));
      for (const a of rec.answers) {
        if (!a.answer && !a.note) continue;
        const answer = `${text(ANSWER_TEXT, a.answer) || 'No answer'}${a.note ? `. ${a.note}` : ''}`;
        w.para(answer, questions.get(a.questionKey) ?? a.questionKey);
      }
      if (rec.evidence.length) w.para(rec.evidence.map((e) => e.title).join('; '), 'Evidence');
    }
  }

  pdf.addPage();
  pdf.outline.addItem('Findings and recommendations');
  w.heading('H1', 'Findings and recommendations');
  if (!doc.findings.length) w.para('Nothing recorded.');
  for (const f of doc.findings) {
    w.para(f.text, findingLabel(doc, f.id));
    if (f.markerKeys.length || f.themes.length)
      w.para([...markerLabels(doc, f.markerKeys), ...f.themes].join('; '), 'Markers and themes');
  }
  pdf.outline.addItem('Actions');
  w.heading('H1', 'Actions');
  if (!doc.actions.length) w.para('Nothing recorded.');
  for (const a of doc.actions) {
    w.heading('H3', `${a.number}. ${a.title}`);
    w.para(
      [
        text(ACTION_KIND_TEXT, a.kind),
        text(ACTION_STATUS_TEXT, a.status),
        a.rag ? `RAG ${text(RAG_TEXT, a.rag)}` : '',
        a.dueDate ? `due ${longDate(a.dueDate)}` : '',
        a.ownerName || a.owner || '',
      ]
        .filter(Boolean)
        .join(' · '),
    );
    if (a.description) w.para(a.description);
    if (a.impactWhatChanged) w.para(a.impactWhatChanged, 'What changed');
    if (a.impactHowWeKnow) w.para(a.impactHowWeKnow, 'How we know');
  }
  pdf.outline.addItem('Written response');
  w.heading('H1', 'Written response');
  w.para(doc.writtenResponse ? doc.writtenResponse.text : 'Not written yet.');
  pdf.end();
  return done;
}
