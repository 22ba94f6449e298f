import { SIGNED_IN, REVIEW, TEAM_MANAGER, MANAGER, stale } from './expectations.js';
import type { MatrixEntry } from './types.js';

const reviewForm = {
  reference: 'MATRIX/1',
  title: 'A review',
  subjectPseudonym: 'Child M',
  type: 'local-cspr',
  method: 'systems',
  ...stale,
};

/** Reviews: the review, its dates, team, framework version and scope. */
export const REVIEW_ROUTES: readonly MatrixEntry[] = [
  // ---- Reviews ----
  { method: 'GET', path: '/reviews', expect: SIGNED_IN },
  { method: 'GET', path: '/reviews/new', expect: [303, 403, 200, 200, 200] },
  { method: 'POST', path: '/reviews/new', expect: [303, 403, 400, 400, 400], note: 'no reference' },
  { method: 'GET', path: '/reviews/:id', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/edit', expect: MANAGER },
  { method: 'POST', path: '/reviews/:id/edit', body: reviewForm, expect: [303, 403, 403, 409, 404] },
  { method: 'GET', path: '/reviews/:id/dates', expect: REVIEW },
  { method: 'POST', path: '/reviews/:id/dates', body: stale, expect: [303, 403, 403, 409, 404] },
  { method: 'POST', path: '/reviews/:id/clocks', expect: [303, 403, 403, 400, 404], note: 'no clock chosen' },
  { method: 'GET', path: '/reviews/:id/reviewer-told', expect: MANAGER },
  { method: 'POST', path: '/reviews/:id/reviewer-told', expect: [303, 403, 403, 400, 404], note: 'nothing entered' },
  {
    method: 'POST',
    path: '/reviews/:id/clocks/:changeId/remove',
    params: { changeId: 'memberId' },
    expect: [303, 403, 403, 404, 404],
    note: 'an id that is no extension or pause of the review (a team row’s): managers get 404',
  },
  { method: 'GET', path: '/reviews/:id/team', expect: REVIEW },
  { method: 'POST', path: '/reviews/:id/team', expect: [303, 403, 403, 400, 404], note: 'no person' },
  { method: 'GET', path: '/reviews/:id/team/:memberId/role', expect: TEAM_MANAGER },
  { method: 'POST', path: '/reviews/:id/team/:memberId/role', expect: [303, 403, 403, 400, 404], note: 'no role' },
  {
    method: 'GET',
    path: '/reviews/:id/team/:memberId/remove',
    params: { memberId: 'spareMemberId' },
    expect: TEAM_MANAGER,
  },
  {
    method: 'POST',
    path: '/reviews/:id/team/:memberId/remove',
    params: { memberId: 'spareMemberId' },
    expect: [303, 403, 403, 303, 404],
  },
  { method: 'GET', path: '/reviews/:id/framework', expect: REVIEW, note: 'read-only unless a manager' },
  {
    method: 'POST',
    path: '/reviews/:id/framework',
    body: { version: '9.9.9', reviewVersion: '1000' },
    expect: [303, 403, 403, 400, 404],
    note: 'moving the review’s framework version: no such version',
  },
  { method: 'GET', path: '/reviews/:id/scope', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/scope/terms-of-reference.docx', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/scope/:section', expect: MANAGER, note: 'the edit page' },
  {
    method: 'POST',
    path: '/reviews/:id/scope/:section',
    body: { text: 'Changed', ...stale },
    expect: [303, 403, 403, 409, 404],
  },
];
