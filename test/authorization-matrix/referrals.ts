import { stale } from './expectations.js';
import type { MatrixEntry, Statuses } from './types.js';

/**
 * The referral register (issue 18 §2). Seeing it: admins and anyone working on one of the partnership's
 * reviews (the matrix's member is a panel member; the viewer, an observer, may not). Changing it: admins
 * and business managers (the matrix's admin is the review's business manager). B's admin has a register
 * of their own (an empty one), but A's referral is 404 to them.
 */
const REGISTER: Statuses = [303, 403, 200, 200, 200];
const READ: Statuses = [303, 403, 200, 200, 404];
const MANAGE_PAGE: Statuses = [303, 403, 403, 200, 404];
const referral = { id: 'referralId' } as const;
const request = { id: 'referralId', requestId: 'referralRequestId' } as const;

export const REFERRAL_ROUTES: readonly MatrixEntry[] = [
  // ---- Referrals ----
  { method: 'GET', path: '/referrals', expect: REGISTER },
  { method: 'GET', path: '/referrals/new', expect: [303, 403, 403, 200, 200] },
  { method: 'POST', path: '/referrals/new', expect: [303, 403, 403, 400, 400], note: 'no route chosen' },
  { method: 'GET', path: '/referrals/:id', params: referral, expect: READ },
  { method: 'GET', path: '/referrals/:id/rapid-review', params: referral, expect: MANAGE_PAGE },
  {
    method: 'POST',
    path: '/referrals/:id/rapid-review',
    params: referral,
    body: stale,
    expect: [303, 403, 403, 409, 404],
  },
  { method: 'GET', path: '/referrals/:id/requests/new', params: referral, expect: MANAGE_PAGE },
  {
    method: 'POST',
    path: '/referrals/:id/requests/new',
    params: referral,
    expect: [303, 403, 403, 400, 404],
    note: 'no agency',
  },
  { method: 'GET', path: '/referrals/:id/requests/:requestId', params: request, expect: MANAGE_PAGE },
  {
    method: 'POST',
    path: '/referrals/:id/requests/:requestId',
    params: request,
    body: { 'chasedOn-day': '99' },
    expect: [303, 403, 403, 400, 404],
    note: 'not a real date',
  },
  { method: 'GET', path: '/referrals/:id/notices', params: referral, expect: MANAGE_PAGE },
  { method: 'POST', path: '/referrals/:id/notices', params: referral, body: stale, expect: [303, 403, 403, 409, 404] },
  { method: 'GET', path: '/referrals/:id/edit', params: referral, expect: MANAGE_PAGE },
  {
    method: 'POST',
    path: '/referrals/:id/edit',
    params: referral,
    expect: [303, 403, 403, 400, 404],
    note: 'nothing entered',
  },
  { method: 'GET', path: '/referrals/:id/decision', params: referral, expect: MANAGE_PAGE },
  { method: 'POST', path: '/referrals/:id/decision', params: referral, body: stale, expect: [303, 403, 403, 409, 404] },
  // ---- The referrals API ----
  { method: 'GET', path: '/api/v1/referrals', expect: [401, 403, 200, 200, 200] },
  {
    method: 'POST',
    path: '/api/v1/referrals',
    body: {
      receivedOn: '2026-01-05',
      route: 's44-referral',
      subjectPseudonym: 'Adult M',
      sourceAgency: 'Adult social care',
      criteria: { careNeeds: 'yes', harm: 'yes', abuseKnownOrSuspected: 'yes', jointWorking: 'no' },
    },
    expect: [401, 403, 403, 201, 201],
    note: 'the viewer’s token is read-only; otherAdmin records one in partnership B',
  },
  { method: 'GET', path: '/api/v1/referrals/:id', params: referral, expect: [401, 403, 200, 200, 404] },
  { method: 'GET', path: '/api/v1/referrals/:id/rapid-review', params: referral, expect: [401, 403, 200, 200, 404] },
  {
    method: 'PUT',
    path: '/api/v1/referrals/:id/rapid-review',
    params: referral,
    body: {
      safetyActions: null,
      meetingOn: null,
      submittedOn: null,
      panelResponseOn: null,
      panelResponse: null,
      version: 1000,
    },
    expect: [401, 403, 403, 409, 404],
  },
  {
    method: 'POST',
    path: '/api/v1/referrals/:id/rapid-review/requests',
    params: referral,
    body: { agency: '', requestedOn: '2026-01-05', workingDays: 5 },
    expect: [401, 403, 403, 400, 404],
    note: 'no agency',
  },
  {
    method: 'PATCH',
    path: '/api/v1/referrals/:id/rapid-review/requests/:requestId',
    params: request,
    body: { receivedOn: '1990-01-01' },
    expect: [401, 403, 403, 400, 404],
    note: 'received before it was requested',
  },
  {
    method: 'POST',
    path: '/api/v1/referrals/:id/decision',
    params: referral,
    body: { outcome: 'no-lcspr', reasons: 'Matrix', version: 1000 },
    expect: [401, 403, 403, 409, 404],
  },
];
