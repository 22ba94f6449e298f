/** Words the exported documents use for keys, and the helpers every format shares. */
import { londonDate } from '../../lib/uk-time.js';
import { ACTION_KINDS, ACTION_STATUSES } from '../actions/actions.options.js';
import { ANSWERS, MARKER_STATUSES, ROUND_PURPOSES } from '../assessments/records/assessments.options.js';
import { KEY_DATES } from '../reviews/key-dates.js';
import { REVIEW_STATUSES, REVIEW_TYPES } from '../reviews/reviews.service.js';
import { keyDatesOf, TIMESCALE_STATUS } from '../reviews/timescales.js';
import type { ExportMarker, ExportRound, ReviewExport } from './review-export.schema.js';

/** Said once per round wherever judgements are exported: the published markers have no judgement scale. */
export { JUDGEMENT_NOTE } from '../frameworks/frameworks.service.js';

export const ANSWER_TEXT: Record<string, string> = ANSWERS;

export const MARKER_STATUS_TEXT: Record<string, string> = MARKER_STATUSES;

export const ROUND_PURPOSE_TEXT: Record<string, string> = Object.fromEntries(
  Object.entries(ROUND_PURPOSES).map(([key, { label }]) => [key, label]),
);

export const ROUND_STATUS_TEXT: Record<string, string> = {
  open: 'Open',
  'awaiting-sign-off': 'Awaiting sign-off',
  approved: 'Signed off',
};

export const ACTION_STATUS_TEXT: Record<string, string> = ACTION_STATUSES;

export const ACTION_KIND_TEXT: Record<string, string> = ACTION_KINDS;

export const EVIDENCE_KIND_TEXT: Record<string, string> = { link: 'Link', note: 'Note', file: 'File' };

export const RAG_TEXT: Record<string, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

export const TEAM_ROLE_TEXT: Record<string, string> = {
  chair: 'Chair',
  'business-manager': 'Business manager',
  'lead-reviewer': 'Lead reviewer',
  'panel-member': 'Panel member',
  observer: 'Observer',
};

export const REVIEW_TYPE_TEXT: Record<string, string> = REVIEW_TYPES;
export const REVIEW_STATUS_TEXT: Record<string, string> = REVIEW_STATUSES;
export const TIMESCALE_STATUS_TEXT: Record<string, string> = Object.fromEntries(
  Object.entries(TIMESCALE_STATUS).map(([key, { text }]) => [key, text]),
);

/** A key date's name in the export ("rapidReview") as people read it ("Date of the rapid review"). */
export const keyDateLabel = (name: string) => KEY_DATES.find((k) => k.name === name)?.label ?? name;

/** The review's key dates that its type records, in order, as [name, value] (never a children's date on a SAR). */
export const keyDatesOfType = (doc: ReviewExport) =>
  keyDatesOf(doc.review.type).map(
    (k) => [k.name, (doc.review.keyDates as Record<string, string | null | undefined>)[k.name] ?? null] as const,
  );

/** What an empty field says in a document a board reads (never "None", which reads as a value). */
export const NOT_RECORDED = 'Not recorded';

/** Markers named as people read them, "4. Decision making", for the keys a finding or action links to. */
export function markerLabels(doc: ReviewExport, keys: readonly string[]): string[] {
  const byKey = new Map(markersInOrder(doc).map(({ marker }) => [marker.key, `${marker.number}. ${marker.title}`]));
  return keys.map((k) => byKey.get(k) ?? k);
}

export const CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

/** A file name from the review reference: "LCSPR 2026/01" → "LCSPR-2026-01". */
export function fileStem(reference: string): string {
  const stem = reference
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return stem || 'review';
}

export const judgementText = (round: ExportRound, key: string) => round.scale.find((o) => o.key === key)?.label ?? key;

export const text = (map: Record<string, string>, key: string | null | undefined) => (key ? (map[key] ?? key) : '');

/** The framework's markers in order, with the stage each is in. */
export function markersInOrder(doc: ReviewExport) {
  return doc.framework.stages.flatMap((stage) => stage.markers.map((marker) => ({ stage, marker })));
}

/** Said of a marker the round does not cover. */
export const NOT_IN_ROUND = 'Not in this round';

/** The framework's markers a round does not cover, as "14. Report", in order. */
export function notInRound(doc: ReviewExport, round: ExportRound): string[] {
  const covered = new Set(round.markers.map((m) => m.markerKey));
  return markersInOrder(doc)
    .filter(({ marker }) => !covered.has(marker.key))
    .map(({ marker }) => `${marker.number}. ${marker.title}`);
}

/** The latest round, or the one with the given number. */
export function roundByNumber(doc: ReviewExport, number?: number): ExportRound | undefined {
  return number === undefined ? doc.rounds.at(-1) : doc.rounds.find((r) => r.number === number);
}

export function recordOf(round: ExportRound | undefined, markerKey: string): ExportMarker | undefined {
  return round?.markers.find((m) => m.markerKey === markerKey);
}

/** "Finding 2" or "Recommendation 1" for an action's finding id. */
export function findingLabel(doc: ReviewExport, findingId: string | null): string {
  const f = findingId ? doc.findings.find((x) => x.id === findingId) : undefined;
  return f ? `${f.kind === 'finding' ? 'Finding' : 'Recommendation'} ${f.number}` : '';
}

/** An action's progress notes in one cell, one a line: "2026-07-01: note", each on its day in UK time. */
export function progressNotes(progress: readonly { createdAt: string; note: string }[]): string {
  return progress.map((p) => `${londonDate(new Date(p.createdAt))}: ${p.note}`).join('\n');
}
