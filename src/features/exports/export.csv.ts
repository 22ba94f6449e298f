/** CSV: one row per marker of a round, or one row per action. RFC 4180, guarded against formulas. */
import { writeCsv } from '../../lib/csv.js';
import { agenciesCell } from '../actions/agencies.js';
import {
  ACTION_KIND_TEXT,
  ACTION_STATUS_TEXT,
  ANSWER_TEXT,
  MARKER_STATUS_TEXT,
  RAG_TEXT,
  ROUND_PURPOSE_TEXT,
  findingLabel,
  JUDGEMENT_NOTE,
  judgementText,
  markersInOrder,
  NOT_IN_ROUND,
  progressNotes,
  recordOf,
  roundByNumber,
  text,
  markerLabels,
} from './export.labels.js';
import type { ReviewExport } from './review-export.schema.js';

// The byte-order mark tells spreadsheet programs the file is UTF-8; writeCsv guards every cell against formulas.
const csv = (rows: string[][]) => `\ufeff${writeCsv(rows)}`;

export const MARKER_COLUMNS = [
  'Review reference',
  'Round',
  'Round purpose',
  'Stage',
  'Marker number',
  'Marker key',
  'Marker',
  'Judgement',
  'Judgement key',
  'Status',
  'Owner',
  'Rationale',
  'Questions answered',
  'Answers',
  'Evidence items',
  'Last changed',
  'Last changed by',
  'About the judgement',
];

/** One row per marker of the round (the latest unless `roundNumber` names one); undefined if no such round. */
export function markersCsv(doc: ReviewExport, roundNumber?: number): string | undefined {
  const round = roundByNumber(doc, roundNumber);
  if (roundNumber !== undefined && !round) return undefined;
  const rows = markersInOrder(doc).map(({ stage, marker }) => {
    const record = recordOf(round, marker.key);
    const answered = record?.answers.filter((a) => a.answer) ?? [];
    return [
      doc.review.reference,
      round ? String(round.number) : '',
      round ? text(ROUND_PURPOSE_TEXT, round.purpose) : '',
      stage.title,
      String(marker.number),
      marker.key,
      marker.title,
      round && record ? judgementText(round, record.judgement) : '',
      record?.judgement ?? '',
      round && !record ? NOT_IN_ROUND : text(MARKER_STATUS_TEXT, record?.status),
      record?.owner ?? '',
      record?.rationale ?? '',
      record ? `${answered.length} of ${record.answers.length}` : '',
      answered.map((a) => `${a.questionKey}: ${text(ANSWER_TEXT, a.answer)}`).join('; '),
      String(record?.evidence.length ?? 0),
      record?.updatedAt ?? '',
      record?.updatedBy ?? '',
      round && record ? JUDGEMENT_NOTE : '',
    ];
  });
  return csv([MARKER_COLUMNS, ...rows]);
}

export const ACTION_COLUMNS = [
  'Review reference',
  'Number',
  'Kind',
  'Title',
  'Description',
  'From',
  'Marker',
  'Owner',
  'Agencies',
  'Due date',
  'Status',
  'RAG',
  'Supporting evidence',
  'Critical friend comment',
  'Impact: what changed',
  'Impact: how we know',
  'Completed',
  'Progress notes',
];

export function actionsCsv(doc: ReviewExport): string {
  const rows = doc.actions.map((a) => [
    doc.review.reference,
    String(a.number),
    text(ACTION_KIND_TEXT, a.kind),
    a.title,
    a.description,
    findingLabel(doc, a.findingId),
    a.markerKey ? markerLabels(doc, [a.markerKey])[0]! : '',
    a.ownerName || (a.owner ?? ''),
    agenciesCell(a.agencies),
    a.dueDate ?? '',
    text(ACTION_STATUS_TEXT, a.status),
    text(RAG_TEXT, a.rag),
    a.supportingEvidence,
    a.criticalFriendComment,
    a.impactWhatChanged,
    a.impactHowWeKnow,
    a.completedAt ?? '',
    progressNotes(a.progress),
  ]);
  return csv([ACTION_COLUMNS, ...rows]);
}
