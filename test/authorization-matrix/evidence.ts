import { REVIEW } from './expectations.js';
import type { MatrixEntry } from './types.js';

/** Evidence and comments on a marker. */
export const EVIDENCE_AND_COMMENT_ROUTES: readonly MatrixEntry[] = [
  // ---- Evidence and comments on a marker ----
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/evidence/link',
    expect: [303, 403, 400, 400, 404],
    note: 'no title or address',
  },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/evidence/note',
    expect: [303, 403, 400, 400, 404],
    note: 'no title or note',
  },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/evidence/file',
    expect: [303, 403, 400, 400, 404],
    note: 'no file',
  },
  {
    method: 'GET',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/evidence/:evidenceId',
    expect: REVIEW,
    note: 'a PDF the admin added',
  },
  {
    method: 'GET',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/evidence/:evidenceId/delete',
    expect: [303, 403, 200, 200, 404],
    note: 'the page that asks before deleting: only for those who may change the evidence',
  },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/evidence/:evidenceId/delete',
    params: { evidenceId: 'spareEvidenceId' },
    expect: [303, 403, 303, 404, 404],
    note: 'a spare note: the member deletes it, so it is gone when the admin tries',
  },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/comments',
    expect: [303, 403, 400, 400, 404],
    note: 'no comment',
  },
  {
    method: 'GET',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/comments/:commentId/edit',
    expect: [303, 403, 200, 403, 404],
    note: 'the member’s own comment: only its author edits it',
  },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/comments/:commentId',
    expect: [303, 403, 400, 403, 404],
    note: 'the member’s own comment, with no text',
  },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/comments/:commentId/resolve',
    body: { action: 'resolve' },
    expect: [303, 403, 303, 303, 404],
  },
];
