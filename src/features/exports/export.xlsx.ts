/**
 * Excel: a summary sheet and one sheet each for markers, questions, the evidence index, findings and
 * actions. Header rows frozen, filters on, dates as real dates.
 */
import ExcelJS from 'exceljs';
import { ukWallClock } from '../../lib/uk-time.js';
import { agenciesCell } from '../actions/agencies.js';
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
  JUDGEMENT_NOTE,
  judgementText,
  markersInOrder,
  NOT_IN_ROUND,
  progressNotes,
  text,
  keyDateLabel,
  keyDatesOfType,
  markerLabels,
  REVIEW_STATUS_TEXT,
  REVIEW_TYPE_TEXT,
  TIMESCALE_STATUS_TEXT,
  EVIDENCE_KIND_TEXT,
} from './export.labels.js';
import type { ReviewExport } from './review-export.schema.js';
import { STATUTORY_COLUMNS, STATUTORY_SHEET, statutorySheetRows } from './export.statutory.xlsx.js';

type Cell = string | number | Date | null;
interface Column {
  header: string;
  width: number;
  /** A date column gets a date format */
  date?: 'date' | 'datetime';
}

/** An ISO date, or a moment as UK clocks showed it, as a spreadsheet date; null stays empty. */
function asDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return null;
  return value.length === 10 ? d : ukWallClock(d);
}

function addTable(wb: ExcelJS.Workbook, name: string, columns: Column[], rows: Cell[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: c.width,
    style: c.date
      ? { numFmt: c.date === 'date' ? 'dd/mm/yyyy' : 'dd/mm/yyyy hh:mm' }
      : { alignment: { wrapText: true, vertical: 'top' } },
  }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: columns.length } };
  return ws;
}

export async function buildReviewXlsx(doc: ReviewExport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Quality Markers';
  wb.title = `${doc.review.reference}: ${doc.review.title}`;
  wb.created = new Date(doc.exportedAt);
  const r = doc.review;

  const summary: Cell[][] = [
    ['Partnership', doc.partnership.name],
    ['Reference', r.reference],
    ['Title', r.title],
    ['Subject (pseudonym)', r.subjectPseudonym],
    ['Type', text(REVIEW_TYPE_TEXT, r.type)],
    ['Status', text(REVIEW_STATUS_TEXT, r.status)],
    ['Framework', `${doc.framework.title} ${doc.framework.version}`],
    ['Judgements', JUDGEMENT_NOTE],
    ...keyDatesOfType(doc).map(([k, v]): Cell[] => [keyDateLabel(k), asDate(v)]),
    ...r.timescales.map((t): Cell[] => [
      `Timescale: ${t.title}`,
      [`${text(TIMESCALE_STATUS_TEXT, t.status)}: ${t.detail}`, ...(t.changes ?? [])].join(' '),
    ]),
    ...doc.team.map((m): Cell[] => [`Team: ${text(TEAM_ROLE_TEXT, m.role)}`, m.name]),
    ...doc.rounds.map((x): Cell[] => [
      `Round ${x.number}`,
      `${text(ROUND_PURPOSE_TEXT, x.purpose)}, ${text(ROUND_STATUS_TEXT, x.status)}`,
    ]),
    ['Exported', asDate(doc.exportedAt)],
  ];
  const ws = addTable(
    wb,
    'Review summary',
    [
      { header: 'Item', width: 34 },
      { header: 'Value', width: 80 },
    ],
    summary,
  );
  ws.getColumn(2).eachCell((cell) => {
    if (cell.value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
  });

  addTable(wb, STATUTORY_SHEET, STATUTORY_COLUMNS, statutorySheetRows(doc));

  const order = markersInOrder(doc);
  const markerRows: Cell[][] = [];
  const questionRows: Cell[][] = [];
  const evidenceRows: Cell[][] = [];
  for (const round of doc.rounds) {
    const byKey = new Map(round.markers.map((m) => [m.markerKey, m]));
    for (const { stage, marker } of order) {
      const rec = byKey.get(marker.key);
      if (!rec) {
        markerRows.push([
          round.number,
          stage.title,
          marker.number,
          marker.title,
          '',
          NOT_IN_ROUND,
          null,
          '',
          null,
          null,
        ]);
        continue;
      }
      markerRows.push([
        round.number,
        stage.title,
        marker.number,
        marker.title,
        judgementText(round, rec.judgement),
        text(MARKER_STATUS_TEXT, rec.status),
        rec.owner,
        rec.rationale,
        asDate(rec.updatedAt),
        rec.updatedBy,
      ]);
      const questionText = new Map(marker.questions.map((q, i) => [q.key, [i + 1, q.text] as const]));
      for (const a of rec.answers) {
        const q = questionText.get(a.questionKey);
        questionRows.push([
          round.number,
          marker.number,
          marker.title,
          q ? q[0] : null,
          q ? q[1] : a.questionKey,
          text(ANSWER_TEXT, a.answer),
          a.note,
          asDate(a.updatedAt),
          a.updatedBy,
        ]);
      }
      for (const e of rec.evidence) {
        evidenceRows.push([
          round.number,
          marker.number,
          marker.title,
          text(EVIDENCE_KIND_TEXT, e.kind),
          e.title,
          e.url ?? e.fileName ?? e.note,
          e.sizeBytes,
          e.sha256,
          asDate(e.createdAt),
          e.createdBy,
        ]);
      }
    }
  }
  addTable(
    wb,
    'Markers',
    [
      { header: 'Round', width: 8 },
      { header: 'Stage', width: 24 },
      { header: 'No.', width: 6 },
      { header: 'Marker', width: 32 },
      { header: 'Judgement', width: 22 },
      { header: 'Status', width: 18 },
      { header: 'Owner', width: 20 },
      { header: 'Rationale', width: 60 },
      { header: 'Last changed', width: 18, date: 'datetime' },
      { header: 'Last changed by', width: 20 },
    ],
    markerRows,
  );
  addTable(
    wb,
    'Questions',
    [
      { header: 'Round', width: 8 },
      { header: 'Marker no.', width: 10 },
      { header: 'Marker', width: 30 },
      { header: 'Question no.', width: 12 },
      { header: 'Question', width: 60 },
      { header: 'Answer', width: 16 },
      { header: 'Notes', width: 50 },
      { header: 'Last changed', width: 18, date: 'datetime' },
      { header: 'Last changed by', width: 20 },
    ],
    questionRows,
  );
  addTable(
    wb,
    'Evidence index',
    [
      { header: 'Round', width: 8 },
      { header: 'Marker no.', width: 10 },
      { header: 'Marker', width: 30 },
      { header: 'Kind', width: 8 },
      { header: 'Title', width: 40 },
      { header: 'Link, file or note', width: 50 },
      { header: 'Size (bytes)', width: 12 },
      { header: 'SHA-256', width: 20 },
      { header: 'Added', width: 18, date: 'datetime' },
      { header: 'Added by', width: 20 },
    ],
    evidenceRows,
  );
  addTable(
    wb,
    'Findings',
    [
      { header: 'Kind', width: 16 },
      { header: 'No.', width: 6 },
      { header: 'Text', width: 80 },
      { header: 'Markers', width: 30 },
      { header: 'Learning themes', width: 30 },
    ],
    doc.findings.map((f) => [
      f.kind === 'finding' ? 'Finding' : 'Recommendation',
      f.number,
      f.text,
      markerLabels(doc, f.markerKeys).join('; '),
      f.themes.join(', '),
    ]),
  );
  addTable(
    wb,
    'Actions',
    [
      { header: 'No.', width: 6 },
      { header: 'Kind', width: 18 },
      { header: 'Title', width: 36 },
      { header: 'Description', width: 50 },
      { header: 'From', width: 16 },
      { header: 'Marker', width: 20 },
      { header: 'Owner', width: 22 },
      { header: 'Agencies', width: 30 },
      { header: 'Due', width: 12, date: 'date' },
      { header: 'Status', width: 14 },
      { header: 'RAG', width: 8 },
      { header: 'Supporting evidence', width: 40 },
      { header: 'Critical friend comment', width: 40 },
      { header: 'Impact: what changed', width: 40 },
      { header: 'Impact: how we know', width: 40 },
      { header: 'Completed', width: 14, date: 'date' },
      { header: 'Progress notes', width: 50 },
    ],
    doc.actions.map((a) => [
      a.number,
      text(ACTION_KIND_TEXT, a.kind),
      a.title,
      a.description,
      findingLabel(doc, a.findingId),
      a.markerKey ? (markerLabels(doc, [a.markerKey])[0] ?? null) : null,
      a.ownerName || a.owner,
      agenciesCell(a.agencies),
      asDate(a.dueDate),
      text(ACTION_STATUS_TEXT, a.status),
      text(RAG_TEXT, a.rag),
      a.supportingEvidence,
      a.criticalFriendComment,
      a.impactWhatChanged,
      a.impactHowWeKnow,
      asDate(a.completedAt),
      progressNotes(a.progress),
    ]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
