import { SIGNED_IN, ADMIN, REVIEW, TEAM_MANAGER, MANAGER, stale } from './expectations.js';
import type { MatrixEntry } from './types.js';

/** Learning themes, findings, actions and the written response. */
export const LEARNING_AND_ACTION_ROUTES: readonly MatrixEntry[] = [
  // ---- Learning themes, findings, actions and the written response ----
  { method: 'GET', path: '/admin/themes', expect: ADMIN },
  { method: 'POST', path: '/admin/themes', expect: [303, 403, 403, 400, 400], note: 'no name' },
  { method: 'GET', path: '/admin/themes/:themeId', expect: TEAM_MANAGER, note: 'partnership A’s theme: admins only' },
  { method: 'POST', path: '/admin/themes/:themeId', expect: [303, 403, 403, 400, 404], note: 'no name' },
  {
    method: 'POST',
    path: '/admin/themes/:themeId/archive',
    body: { action: 'archive' },
    expect: [303, 403, 403, 303, 404],
  },
  { method: 'GET', path: '/reviews/:id/findings', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/findings/new', expect: MANAGER },
  { method: 'POST', path: '/reviews/:id/findings/new', expect: [303, 403, 403, 400, 404], note: 'no text' },
  { method: 'GET', path: '/reviews/:id/findings/:findingId', expect: MANAGER, note: 'the edit page' },
  {
    method: 'POST',
    path: '/reviews/:id/findings/:findingId',
    body: { text: 'Changed', ...stale },
    expect: [303, 403, 403, 409, 404],
  },
  { method: 'GET', path: '/reviews/:id/actions', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/actions/new', expect: MANAGER, note: 'the choice of kind' },
  { method: 'POST', path: '/reviews/:id/actions/new', expect: [303, 403, 403, 400, 404], note: 'no kind' },
  { method: 'POST', path: '/reviews/:id/actions/bulk', expect: [303, 403, 403, 400, 404], note: 'nothing selected' },
  { method: 'GET', path: '/reviews/:id/actions/import', expect: MANAGER },
  { method: 'POST', path: '/reviews/:id/actions/import', expect: [303, 403, 403, 400, 404], note: 'no file' },
  { method: 'GET', path: '/reviews/:id/actions/import/template.csv', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/actions/:actionId', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/actions/:actionId/edit', expect: MANAGER },
  {
    method: 'POST',
    path: '/reviews/:id/actions/:actionId/edit',
    body: { title: 'Changed', ownerName: 'Business manager', status: 'in-progress', ...stale },
    expect: [303, 403, 403, 409, 404],
    note: 'a review task',
  },
  {
    method: 'POST',
    path: '/reviews/:id/actions/:actionId/progress',
    expect: [303, 403, 403, 400, 404],
    note: 'no note',
  },
  { method: 'GET', path: '/actions', expect: SIGNED_IN, note: 'each person’s own partnership’s actions' },
  { method: 'POST', path: '/actions/bulk', expect: [303, 403, 400, 400, 400], note: 'nothing selected' },
  { method: 'GET', path: '/reviews/:id/response', expect: REVIEW },
  {
    method: 'POST',
    path: '/reviews/:id/response',
    body: { text: 'Changed', ...stale },
    expect: [303, 403, 403, 409, 404],
  },
  {
    method: 'POST',
    path: '/reviews/:id/response/agree',
    body: stale,
    expect: [303, 403, 403, 409, 404],
    note: 'the chair or a partnership admin only',
  },
  {
    method: 'POST',
    path: '/reviews/:id/response/reopen',
    body: stale,
    expect: [303, 403, 403, 409, 404],
    note: 'the chair or a partnership admin only',
  },
];
