import { REVIEW, stale } from './expectations.js';
import type { MatrixEntry } from './types.js';

/** A whole publication record, empty, at a version no record has: those allowed to save get 409. */
const emptyRecord = {
  version: 1000,
  decision: null,
  decisionReasons: '',
  decidedBy: null,
  decidedOn: null,
  legalCheckOn: null,
  legalCheckBy: null,
  familyToldOn: null,
  copiesSentOn: null,
  embargoUntil: null,
  publishedOn: null,
  publishedUrl: null,
  onlineUntil: null,
  depositedOn: null,
};

/** A review's status moves and its publication record (issue 18 §3 and §4). */
export const STATUS_AND_PUBLICATION_ROUTES: readonly MatrixEntry[] = [
  { method: 'GET', path: '/reviews/:id/status', expect: REVIEW, note: 'the form for managers only' },
  {
    method: 'POST',
    path: '/reviews/:id/status',
    body: { ...stale, to: 'running' },
    expect: [303, 403, 403, 409, 404],
    note: 'moving the status: the policy’s review.manage',
  },
  { method: 'GET', path: '/reviews/:id/publication', expect: REVIEW, note: 'the form for managers only' },
  { method: 'POST', path: '/reviews/:id/publication', body: stale, expect: [303, 403, 403, 409, 404] },
  {
    method: 'POST',
    path: '/reviews/:id/publication/events',
    expect: [303, 403, 403, 400, 404],
    note: 'no date or description',
  },
  {
    method: 'POST',
    path: '/reviews/:id/publication/events/remove',
    expect: [303, 403, 403, 404, 404],
    note: 'no such event',
  },
  { method: 'GET', path: '/api/v1/reviews/:id/publication', expect: [401, 200, 200, 200, 404] },
  {
    method: 'PUT',
    path: '/api/v1/reviews/:id/publication',
    body: emptyRecord,
    expect: [401, 403, 403, 409, 404],
    note: 'the viewer’s token is read-only; a panel member may not change it',
  },
];
