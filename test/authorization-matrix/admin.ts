import { ADMIN, TEAM_MANAGER } from './expectations.js';
import type { MatrixEntry } from './types.js';

/** Partnership admin: people, settings, single sign-on, audit, frameworks, the logo. */
export const ADMIN_ROUTES: readonly MatrixEntry[] = [
  // ---- Partnership admin ----
  { method: 'GET', path: '/admin/people', expect: ADMIN },
  { method: 'GET', path: '/admin/people/invite', expect: ADMIN },
  { method: 'POST', path: '/admin/people/invite', expect: [303, 403, 403, 400, 400], note: 'no name or email' },
  { method: 'GET', path: '/admin/people/:userId', expect: TEAM_MANAGER },
  { method: 'POST', path: '/admin/people/:userId/role', expect: [303, 403, 403, 400, 404], note: 'no role' },
  {
    method: 'GET',
    path: '/admin/people/:userId/disable',
    params: { userId: 'spareUserId' },
    expect: TEAM_MANAGER,
  },
  {
    method: 'POST',
    path: '/admin/people/:userId/disable',
    params: { userId: 'spareUserId' },
    expect: [303, 403, 403, 303, 404],
  },
  {
    method: 'POST',
    path: '/admin/people/:userId/enable',
    params: { userId: 'spareUserId' },
    expect: [303, 403, 403, 303, 404],
  },
  {
    method: 'POST',
    path: '/admin/people/:userId/password-reset',
    params: { userId: 'spareUserId' },
    expect: [303, 403, 403, 200, 404],
    note: 'no mail server: the link is shown to pass on',
  },
  { method: 'GET', path: '/admin/settings', expect: ADMIN },
  { method: 'POST', path: '/admin/settings', expect: [303, 403, 403, 400, 400], note: 'no name' },
  { method: 'GET', path: '/admin/single-sign-on', expect: ADMIN },
  {
    method: 'POST',
    path: '/admin/single-sign-on',
    expect: [303, 403, 403, 303, 303],
    note: 'nothing entered: single sign-on stays off',
  },
  { method: 'GET', path: '/admin/audit', expect: ADMIN },
  { method: 'GET', path: '/admin/audit.csv', expect: ADMIN },
  { method: 'GET', path: '/admin/frameworks', expect: ADMIN },
  { method: 'GET', path: '/admin/frameworks/import', expect: ADMIN },
  { method: 'POST', path: '/admin/frameworks/import', expect: [303, 403, 403, 400, 400], note: 'no file' },
  { method: 'GET', path: '/admin/settings/logo', expect: ADMIN },
  { method: 'POST', path: '/admin/settings/logo', expect: [303, 403, 403, 400, 400], note: 'no file' },
  {
    method: 'POST',
    path: '/admin/settings/logo/remove',
    expect: [303, 403, 403, 303, 303],
    note: 'each admin removes their own partnership’s logo (there is none)',
  },
  {
    method: 'GET',
    path: '/organisation/logo',
    expect: [303, 404, 404, 404, 404],
    note: 'the caller’s own partnership’s logo only; neither partnership has one in the fixture',
  },
];
