/**
 * The authorisation matrix: every route the app registers, and the status each kind of person gets.
 * test/authorization-matrix.test.ts sends every request and fails for a route that has no entry here.
 * The rows live beside this file, one file per area of the app; MATRIX puts them together in this order.
 *
 * The people (all in partnership A, which owns the data, except the last):
 *   anonymous   no session, no token
 *   viewer      partnership role viewer, an observer on the review
 *   member      partnership role member, a panel member on the review
 *   admin       partnership role admin (two-factor set up); started the review, so its business manager
 *   otherAdmin  admin of partnership B, asking for partnership A's ids
 * Pages are asked for with the person's session (and a valid CSRF token on unsafe methods); /api/ routes
 * with the person's own bearer token (the viewer's is read-only, as the tokens page allows).
 *
 * Statuses are [anonymous, viewer, member, admin, otherAdmin]. HEAD is asked for wherever GET is, and
 * expects the same. Writes are sent with a body that reaches the permission check without changing
 * anything that later rows read: a stale `version` (→ 409 for those allowed), a missing field
 * (→ 400), or the "spare" records made for the purpose. Entries run safe methods first, then unsafe
 * ones, in table order; for each, otherAdmin first and admin last.
 */

import { ACCOUNT_ROUTES } from './account.js';
import { LEARNING_AND_ACTION_ROUTES } from './actions.js';
import { LEARNING_ROUTES } from './learning.js';
import { ADMIN_ROUTES } from './admin.js';
import { API_ROUTES } from './api.js';
import { EVIDENCE_AND_COMMENT_ROUTES } from './evidence.js';
import { LEARNING_REPORT_ROUTES } from './learning-report.js';
import { PUBLIC_ROUTES } from './public.js';
import { STATUS_AND_PUBLICATION_ROUTES } from './publication.js';
import { REFERRAL_ROUTES } from './referrals.js';
import { REVIEW_ROUTES } from './reviews.js';
import { ROUND_ROUTES } from './rounds.js';
import { SIGN_IN_ROUTES } from './sign-in.js';
import type { MatrixEntry } from './types.js';

export { DEFAULT_PARAMS, OWNED, ROLES } from './types.js';
export type { Body, Fixture, FixtureKey, MatrixEntry, Role, Statuses } from './types.js';

export const MATRIX: readonly MatrixEntry[] = [
  ...PUBLIC_ROUTES,
  ...SIGN_IN_ROUTES,
  ...ACCOUNT_ROUTES,
  ...ADMIN_ROUTES,
  ...REVIEW_ROUTES,
  ...ROUND_ROUTES,
  ...EVIDENCE_AND_COMMENT_ROUTES,
  ...LEARNING_AND_ACTION_ROUTES,
  ...STATUS_AND_PUBLICATION_ROUTES,
  // Before the API's rows: the member starts a review there, and so becomes a business manager, who may
  // manage the register.
  ...REFERRAL_ROUTES,
  // Before the API's rows too: the yearly report is the member's only once they are a business manager.
  ...LEARNING_REPORT_ROUTES,
  ...API_ROUTES,
  ...LEARNING_ROUTES,
];
