import type { Statuses } from './types.js';

/** The statuses rows share ([anonymous, viewer, member, admin, otherAdmin]), and the stale version writes send. */

export const all = (s: number): Statuses => [s, s, s, s, s];
/** Public: the same for everyone. */
export const PUBLIC = all(200);
/** Signed-in pages: anonymous is sent to sign in. */
export const SIGNED_IN: Statuses = [303, 200, 200, 200, 200];
/** Admin pages of the admin's own partnership (no ids in the path). */
export const ADMIN: Statuses = [303, 403, 403, 200, 200];
/** A page about one of partnership A's reviews, for anyone on its team and A's admins. */
export const REVIEW: Statuses = [303, 200, 200, 200, 404];
/** Managing a review's team: admins, chairs and business managers. */
export const TEAM_MANAGER: Statuses = [303, 403, 403, 200, 404];
/** Partnership A's imported framework: its people see it, nobody else does. */
export const IMPORTED: Statuses = [404, 200, 200, 200, 404];
/** A page for contributing on one of partnership A's reviews' markers: the viewer (an observer) may not. */
export const EDITOR: Statuses = [303, 403, 200, 200, 404];
/**
 * A page for running one of partnership A's reviews (details, key dates, scope, findings, actions, the
 * written response): chair, business manager, lead reviewer and admins; not the member (a panel member).
 */
export const MANAGER: Statuses = [303, 403, 403, 200, 404];

/** Older than any record's version: those allowed to write get 409 and nothing changes. */
export const stale = { version: '1000' };
