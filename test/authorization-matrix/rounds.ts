import { MANAGER, REVIEW, stale } from './expectations.js';
import type { MatrixEntry } from './types.js';

/** Rounds and markers (answers, history, sign-off, meeting mode, compare), and the board reports. */
export const ROUND_ROUTES: readonly MatrixEntry[] = [
  // ---- Rounds and markers ----
  { method: 'GET', path: '/reviews/:id/rounds/new', expect: MANAGER },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/new',
    body: { purpose: 'in-review' },
    expect: [303, 403, 403, 303, 404],
    note: 'adds a round each time; starting rounds is the review’s managers’, not a panel member’s',
  },
  { method: 'GET', path: '/reviews/:id/rounds/:roundId', expect: REVIEW },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/meeting-date',
    body: { 'meeting-day': '14', 'meeting-month': '1', 'meeting-year': '2027' },
    expect: [303, 403, 403, 303, 404],
    note: 'the meeting date is set by those who run the review',
  },
  {
    method: 'GET',
    path: '/reviews/:id/rounds/:roundId/checklist.docx',
    query: 'filled=yes',
    expect: REVIEW,
    note: 'a download',
  },
  { method: 'GET', path: '/reviews/:id/export', query: 'format=csv', expect: REVIEW, note: 'a download' },
  { method: 'GET', path: '/reviews/:id/rounds/:roundId/markers/:markerKey', expect: REVIEW },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey',
    body: { judgement: 'met', status: 'in-progress', rationale: 'Changed', ...stale },
    expect: [303, 403, 409, 409, 404],
  },
  { method: 'GET', path: '/reviews/:id/rounds/:roundId/markers/:markerKey/history', expect: REVIEW },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/history/restore',
    body: { kind: 'record', version: '1', currentVersion: '1000' },
    expect: [303, 403, 409, 409, 404],
    note: 'the fixture saved the record once, so version 1 is in its history',
  },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/sign-off',
    body: { action: 'reopen' },
    expect: [303, 403, 403, 409, 404],
    note: 'the round is open, so reopening is refused once permitted',
  },

  {
    method: 'GET',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/meeting',
    query: 'q=1',
    expect: REVIEW,
  },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/meeting',
    query: 'q=1',
    body: { note: 'Changed', ...stale },
    expect: [303, 403, 409, 409, 404],
  },
  { method: 'GET', path: '/reviews/:id/rounds/:roundId/meeting', expect: REVIEW, note: 'choosing the agenda' },
  { method: 'GET', path: '/reviews/:id/rounds/compare', expect: REVIEW },

  // ---- Board reports ----
  { method: 'GET', path: '/reviews/:id/report', expect: REVIEW, note: 'the latest round' },
  { method: 'GET', path: '/reviews/:id/rounds/:roundId/report', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/report.pdf', expect: REVIEW, note: 'the report as a PDF' },
  { method: 'GET', path: '/reviews/:id/rounds/:roundId/report.pdf', expect: REVIEW },
];
