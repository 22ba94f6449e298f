import { all, PUBLIC } from './expectations.js';
import type { MatrixEntry } from './types.js';

/** Signing in, links sent by email, first-run set-up, and the idle-timeout warning. */
export const SIGN_IN_ROUTES: readonly MatrixEntry[] = [
  // ---- Signing in, links sent by email, first-run set-up ----
  { method: 'GET', path: '/sign-in', expect: [200, 303, 303, 303, 303], note: 'signed in: on to /reviews' },
  { method: 'POST', path: '/sign-in', expect: all(400), note: 'no email or password' },
  { method: 'POST', path: '/sign-out', expect: all(303), ownSession: true },
  { method: 'GET', path: '/sign-in/two-factor', expect: all(303), note: 'no password step pending' },
  { method: 'POST', path: '/sign-in/two-factor', expect: all(303), note: 'no password step pending' },
  { method: 'GET', path: '/sign-in/single-sign-on', expect: [200, 303, 303, 303, 303] },
  { method: 'POST', path: '/sign-in/single-sign-on', expect: all(400), note: 'no partnership chosen' },
  { method: 'GET', path: '/sign-in/single-sign-on/callback', expect: all(400), note: 'no sign-in under way' },
  { method: 'GET', path: '/sign-in/forgotten-password', expect: PUBLIC },
  { method: 'POST', path: '/sign-in/forgotten-password', expect: all(303), note: 'no mail server: back to the form' },
  { method: 'GET', path: '/sign-in/forgotten-password/sent', expect: PUBLIC },
  { method: 'GET', path: '/password-reset/done', expect: PUBLIC },
  { method: 'GET', path: '/password-reset/:token', params: { token: 'resetToken' }, expect: PUBLIC },
  {
    method: 'POST',
    path: '/password-reset/:token',
    params: { token: 'resetToken' },
    expect: all(400),
    note: 'no new password',
  },
  { method: 'GET', path: '/invitations/accepted', expect: PUBLIC },
  {
    method: 'GET',
    path: '/invitations/:token',
    params: { token: 'invitationToken' },
    expect: PUBLIC,
    capabilityUrl: true,
  },
  {
    method: 'POST',
    path: '/invitations/:token',
    params: { token: 'invitationToken' },
    expect: all(400),
    capabilityUrl: true,
    note: 'no name or password',
  },
  {
    method: 'GET',
    path: '/setup/:token',
    params: { token: 'setupToken' },
    expect: all(410),
    note: 'placeholder: a set-up link exists only while there is no admin',
  },
  { method: 'POST', path: '/setup/:token', params: { token: 'setupToken' }, expect: all(410), note: 'placeholder' },

  // ---- The idle-timeout warning ----
  { method: 'GET', path: '/session/status', expect: PUBLIC, note: 'signedIn false for anonymous' },
  { method: 'POST', path: '/session/extend', expect: [401, 200, 200, 200, 200] },
];
