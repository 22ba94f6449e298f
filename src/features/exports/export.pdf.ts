/**
 * PDF of a whole review: real text, tagged as a structure of headings and paragraphs (see pdf-writer.ts),
 * with bookmarks for each round, stage and marker.
 */
import { longDate } from '../../lib/uk-time.js';
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
  REVIEW_STATUS_TEXT,
  REVIEW_TYPE_TEXT,
} from './export.labels.js';
import type { PartnershipLogo } from './exports.service.js';
import { newPdf, Writer } from './pdf-writer.js';
import { statutoryOfExport } from './export.statutory.js';
import { statutoryPdf } from './export.statutory.pdf.js';
import type { ReviewExport } from './review-export.schema.js';

export function buildReviewPdf(doc: ReviewExport, logo: PartnershipLogo | null = null): Promise<Buffer> {
  const r = doc.review;
  const { pdf, done } = newPdf({ Title: `${r.reference}: ${r.title}`, Author: doc.partnership.name });
  const w = new Writer(pdf);

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
  for (const [k, v] of keyDatesOfType(doc)) if (v) w.para(longDate(v), keyDateLabel(k));
  w.heading('H2', 'Team');
  for (const m of doc.team) w.para(m.name, text(TEAM_ROLE_TEXT, m.role));

  pdf.addPage();
  statutoryPdf(w, statutoryOfExport(doc));

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
