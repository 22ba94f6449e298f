import { SIGNED_IN } from './expectations.js';
import type { MatrixEntry } from './types.js';

/** Your account: password, two-factor, tokens, choosing a partnership. */
export const ACCOUNT_ROUTES: readonly MatrixEntry[] = [
  // ---- Your work (the signed-in home) ----
  { method: 'GET', path: '/work', expect: SIGNED_IN },
  // ---- Your account ----
  { method: 'GET', path: '/account', expect: SIGNED_IN },
  { method: 'GET', path: '/partnerships', expect: SIGNED_IN },
  {
    method: 'POST',
    path: '/partnerships',
    body: ({ fixture }) => ({ partnership: fixture.partnershipSlug }),
    expect: [303, 303, 303, 303, 400],
    note: 'choosing partnership A: not one of otherAdmin’s',
  },
  { method: 'GET', path: '/account/password', expect: SIGNED_IN, note: 'nobody here has a password: the page says so' },
  {
    method: 'POST',
    path: '/account/password',
    expect: [303, 403, 403, 403, 403],
    note: 'the matrix’s people sign in only through single sign-on (no password), so there is none to change',
  },
  { method: 'GET', path: '/account/two-factor', expect: SIGNED_IN },
  {
    method: 'POST',
    path: '/account/two-factor',
    expect: [303, 400, 400, 303, 303],
    note: 'no code; admins have two-factor on already',
  },
  { method: 'GET', path: '/account/two-factor/recovery-codes', expect: [303, 303, 303, 200, 200] },
  { method: 'POST', path: '/account/two-factor/recovery-codes', expect: [303, 400, 400, 400, 400] },
  { method: 'GET', path: '/account/two-factor/turn-off', expect: [303, 303, 303, 200, 200] },
  {
    method: 'POST',
    path: '/account/two-factor/turn-off',
    expect: [303, 303, 303, 403, 403],
    note: 'admins must keep two-factor',
  },
  // ---- Email notifications (features/notifications) ----
  { method: 'GET', path: '/account/notifications', expect: SIGNED_IN },
  {
    method: 'POST',
    path: '/account/notifications',
    body: { kinds: ['sign-off', 'sign-off-outcome', 'marker', 'comment', 'action', 'statutory-step'] },
    expect: [303, 303, 303, 303, 303],
    note: 'each person’s own choice (every kind on, as it was): no partnership’s data',
  },
  { method: 'GET', path: '/account/tokens', expect: SIGNED_IN },
  { method: 'GET', path: '/account/tokens/new', expect: SIGNED_IN },
  { method: 'POST', path: '/account/tokens/new', expect: [303, 400, 400, 400, 400], note: 'no name' },
  {
    method: 'POST',
    path: '/account/tokens/:id/revoke',
    params: { id: 'tokenId' },
    expect: [303, 404, 404, 303, 404],
    note: 'a spare token of the admin’s: only its owner may revoke it',
  },
];
