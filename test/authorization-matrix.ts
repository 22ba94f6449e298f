/**
 * The authorisation matrix: every route the app registers, and the status each kind of person gets.
 * test/authorization-matrix.test.ts sends every request and fails for a route that has no entry here.
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

export const ROLES = ['anonymous', 'viewer', 'member', 'admin', 'otherAdmin'] as const;
export type Role = (typeof ROLES)[number];
export type Statuses = readonly [anonymous: number, viewer: number, member: number, admin: number, other: number];

/** What the fixture makes; path parameters are filled from these. */
export type FixtureKey =
  | 'reviewId'
  | 'roundId'
  | 'markerKey'
  | 'questionKey'
  | 'memberId'
  | 'spareMemberId'
  | 'sectionKey'
  | 'userId'
  | 'spareUserId'
  | 'tokenId'
  | 'invitationToken'
  | 'resetToken'
  | 'setupToken'
  | 'frameworkKey'
  | 'frameworkVersion'
  | 'frameworkMarker'
  | 'frameworkRange'
  | 'importedKey'
  | 'importedVersion'
  | 'importedMarker'
  | 'importedRange'
  | 'partnershipSlug'
  | 'evidenceId'
  | 'spareEvidenceId'
  | 'commentId'
  | 'findingId'
  | 'actionId'
  | 'themeId';

/** Partnership A's own records: another partnership's admin must never reach them. */
export const OWNED: readonly FixtureKey[] = [
  'reviewId',
  'roundId',
  'memberId',
  'spareMemberId',
  'userId',
  'spareUserId',
  'tokenId',
  'importedKey',
  'evidenceId',
  'spareEvidenceId',
  'commentId',
  'findingId',
  'actionId',
  'themeId',
];

/** The fixture value a path parameter takes unless the entry says otherwise. */
export const DEFAULT_PARAMS: Record<string, FixtureKey> = {
  id: 'reviewId',
  roundId: 'roundId',
  markerKey: 'markerKey',
  questionKey: 'questionKey',
  memberId: 'memberId',
  section: 'sectionKey',
  userId: 'userId',
  ref: 'frameworkKey',
  key: 'frameworkKey',
  version: 'frameworkVersion',
  marker: 'frameworkMarker',
  range: 'frameworkRange',
  evidenceId: 'evidenceId',
  commentId: 'commentId',
  findingId: 'findingId',
  actionId: 'actionId',
  themeId: 'themeId',
};

export type Body = Record<string, unknown>;
export type Fixture = Record<FixtureKey, string>;

export interface MatrixEntry {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as registered, or '/assets/**' for every file @fastify/static serves under /assets/. */
  path: string;
  expect: Statuses;
  /** Path parameters filled from other fixture keys than DEFAULT_PARAMS's. */
  params?: Record<string, FixtureKey>;
  /** A concrete URL, for a wildcard route. */
  url?: string;
  query?: string;
  /** Form fields for pages, JSON for /api/; a function when each person needs their own (unique) body. */
  body?: Body | ((context: { role: Role; fixture: Fixture }) => Body);
  /** The request ends or changes the person's own session: it is sent from a fresh session of theirs. */
  ownSession?: boolean;
  /** The same route with other parameters (for example a partnership's own framework). */
  also?: { params: Record<string, FixtureKey>; expect: Statuses; note: string }[];
  /** The token in the link is the permission: whoever holds it sees what it is for (an invitation). */
  capabilityUrl?: boolean;
  note?: string;
}

const all = (s: number): Statuses => [s, s, s, s, s];
/** Public: the same for everyone. */
const PUBLIC = all(200);
/** Signed-in pages: anonymous is sent to sign in. */
const SIGNED_IN: Statuses = [303, 200, 200, 200, 200];
/** Admin pages of the admin's own partnership (no ids in the path). */
const ADMIN: Statuses = [303, 403, 403, 200, 200];
/** A page about one of partnership A's reviews, for anyone on its team and A's admins. */
const REVIEW: Statuses = [303, 200, 200, 200, 404];
/** Managing a review's team: admins, chairs and business managers. */
const TEAM_MANAGER: Statuses = [303, 403, 403, 200, 404];
/** Partnership A's imported framework: its people see it, nobody else does. */
const IMPORTED: Statuses = [404, 200, 200, 200, 404];
/** A page for changing one of partnership A's reviews: the viewer (an observer) may not. */
const EDITOR: Statuses = [303, 403, 200, 200, 404];

/** Older than any record's version: those allowed to write get 409 and nothing changes. */
const stale = { version: '1000' };
const reviewForm = {
  reference: 'MATRIX/1',
  title: 'A review',
  subjectPseudonym: 'Child M',
  type: 'local-cspr',
  method: 'systems',
  ...stale,
};

/** The smallest review export the import takes: a review with nothing in it yet, with its own reference. */
const smallestExport = (reference: string) => {
  const at = '2026-11-26T09:00:00.000Z';
  return {
    format: 'quality-markers/review-export',
    formatVersion: 1,
    exportedAt: at,
    partnership: { name: 'Elsewhere' },
    review: {
      id: 'r1',
      reference,
      title: 'An imported review',
      subjectPseudonym: 'Child M',
      type: 'local-cspr',
      method: 'systems',
      methodOther: null,
      status: 'set-up',
      keyDates: Object.fromEntries(
        [
          'incident',
          'awareness',
          'notification',
          'rapidReview',
          'decision',
          'reviewerAppointed',
          'draftReport',
          'finalReport',
          'publication',
        ].map((k) => [k, null]),
      ),
      timescales: [],
      version: 1,
      createdAt: at,
      createdBy: null,
      updatedAt: at,
      updatedBy: null,
    },
    team: [],
    scope: [],
    framework: { key: 'scr-quality-markers', version: '1.0.0', title: 'SCR quality markers', stages: [] },
    rounds: [],
    findings: [],
    actions: [],
    writtenResponse: null,
    history: [],
  };
};

export const MATRIX: readonly MatrixEntry[] = [
  // ---- Public pages and files ----
  { method: 'GET', path: '/', expect: PUBLIC },
  { method: 'GET', path: '/about', expect: PUBLIC },
  { method: 'GET', path: '/accessibility', expect: PUBLIC },
  { method: 'GET', path: '/privacy', expect: PUBLIC },
  { method: 'GET', path: '/search', expect: PUBLIC },
  { method: 'GET', path: '/health', expect: PUBLIC },
  { method: 'GET', path: '/health/live', expect: PUBLIC },
  { method: 'GET', path: '/assets/**', expect: PUBLIC, note: 'every file @fastify/static serves' },
  {
    method: 'GET',
    path: '/frameworks',
    expect: PUBLIC,
  },
  {
    method: 'GET',
    path: '/frameworks/:ref',
    expect: PUBLIC,
    also: [{ params: { ref: 'importedKey' }, expect: IMPORTED, note: 'partnership A’s own framework' }],
  },
  {
    method: 'GET',
    path: '/frameworks/:ref/versions',
    expect: PUBLIC,
    also: [{ params: { ref: 'importedKey' }, expect: IMPORTED, note: 'partnership A’s own framework' }],
  },
  {
    method: 'GET',
    path: '/frameworks/:ref/versions/compare',
    query: 'from=1.0.0&to=1.0.0',
    expect: all(303),
    also: [{ params: { ref: 'importedKey' }, expect: [404, 303, 303, 303, 404], note: 'partnership A’s own' }],
  },
  {
    method: 'GET',
    path: '/frameworks/:ref/versions/:range',
    expect: PUBLIC,
    note: 'a built-in framework compared with itself',
    also: [
      {
        params: { ref: 'importedKey', range: 'importedRange' },
        expect: IMPORTED,
        note: 'partnership A’s own framework, 1.0.0...1.1.0',
      },
    ],
  },
  {
    method: 'GET',
    path: '/frameworks/:ref/print',
    expect: PUBLIC,
    also: [{ params: { ref: 'importedKey' }, expect: IMPORTED, note: 'partnership A’s own framework' }],
  },
  {
    method: 'GET',
    path: '/frameworks/:ref/checklist.docx',
    expect: PUBLIC,
    also: [{ params: { ref: 'importedKey' }, expect: IMPORTED, note: 'partnership A’s own framework' }],
  },
  {
    method: 'GET',
    path: '/frameworks/:ref/:marker',
    expect: PUBLIC,
    also: [
      {
        params: { ref: 'importedKey', marker: 'importedMarker' },
        expect: IMPORTED,
        note: 'partnership A’s own framework',
      },
    ],
  },

  // ---- Public API ----
  { method: 'GET', path: '/api/docs', expect: PUBLIC },
  { method: 'GET', path: '/api/v1/openapi.json', expect: PUBLIC },
  { method: 'GET', path: '/api/v1/frameworks', expect: PUBLIC },
  { method: 'GET', path: '/api/v1/frameworks/schema.json', expect: PUBLIC },
  {
    method: 'GET',
    path: '/api/v1/frameworks/:key',
    expect: PUBLIC,
    also: [{ params: { key: 'importedKey' }, expect: IMPORTED, note: 'partnership A’s own framework' }],
  },
  {
    method: 'GET',
    path: '/api/v1/frameworks/:key/versions',
    expect: PUBLIC,
    also: [{ params: { key: 'importedKey' }, expect: IMPORTED, note: 'partnership A’s own framework' }],
  },
  {
    method: 'GET',
    path: '/api/v1/frameworks/:key/versions/:version',
    expect: PUBLIC,
    also: [
      {
        params: { key: 'importedKey', version: 'importedVersion' },
        expect: IMPORTED,
        note: 'partnership A’s own framework',
      },
    ],
  },

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

  // ---- Reviews ----
  { method: 'GET', path: '/reviews', expect: SIGNED_IN },
  { method: 'GET', path: '/reviews/new', expect: [303, 403, 200, 200, 200] },
  { method: 'POST', path: '/reviews/new', expect: [303, 403, 400, 400, 400], note: 'no reference' },
  { method: 'GET', path: '/reviews/:id', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/edit', expect: EDITOR },
  { method: 'POST', path: '/reviews/:id/edit', body: reviewForm, expect: [303, 403, 409, 409, 404] },
  { method: 'GET', path: '/reviews/:id/dates', expect: REVIEW },
  { method: 'POST', path: '/reviews/:id/dates', body: stale, expect: [303, 403, 409, 409, 404] },
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
  { method: 'GET', path: '/reviews/:id/scope/:section', expect: EDITOR, note: 'the edit page' },
  {
    method: 'POST',
    path: '/reviews/:id/scope/:section',
    body: { text: 'Changed', ...stale },
    expect: [303, 403, 409, 409, 404],
  },

  // ---- Rounds and markers ----
  { method: 'GET', path: '/reviews/:id/rounds/new', expect: REVIEW },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/new',
    body: { purpose: 'in-review' },
    expect: [303, 403, 303, 303, 404],
    note: 'adds a round each time',
  },
  { method: 'GET', path: '/reviews/:id/rounds/:roundId', expect: REVIEW },
  {
    method: 'GET',
    path: '/reviews/:id/rounds/:roundId/checklist.docx',
    query: 'filled=yes',
    expect: REVIEW,
    note: 'a download',
  },
  { method: 'GET', path: '/reviews/:id/export', query: 'format=csv', expect: REVIEW, note: 'a download' },
  { method: 'GET', path: '/reviews/:id/rounds/:roundId/markers/:markerKey', expect: REVIEW },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey',
    body: { judgement: 'met', status: 'in-progress', rationale: 'Changed', ...stale },
    expect: [303, 403, 409, 409, 404],
  },
  { method: 'GET', path: '/reviews/:id/rounds/:roundId/markers/:markerKey/history', expect: REVIEW },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/history/restore',
    body: { kind: 'record', version: '1', currentVersion: '1000' },
    expect: [303, 403, 409, 409, 404],
    note: 'the fixture saved the record once, so version 1 is in its history',
  },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/sign-off',
    body: { action: 'reopen' },
    expect: [303, 403, 403, 409, 404],
    note: 'the round is open, so reopening is refused once permitted',
  },

  {
    method: 'GET',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/meeting',
    query: 'q=1',
    expect: REVIEW,
  },
  {
    method: 'POST',
    path: '/reviews/:id/rounds/:roundId/markers/:markerKey/meeting',
    query: 'q=1',
    body: { note: 'Changed', ...stale },
    expect: [303, 403, 409, 409, 404],
  },
  { method: 'GET', path: '/reviews/:id/rounds/compare', expect: REVIEW },

  // ---- Board reports ----
  { method: 'GET', path: '/reviews/:id/report', expect: REVIEW, note: 'the latest round' },
  { method: 'GET', path: '/reviews/:id/rounds/:roundId/report', expect: REVIEW },

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
  { method: 'GET', path: '/reviews/:id/findings/new', expect: EDITOR },
  { method: 'POST', path: '/reviews/:id/findings/new', expect: [303, 403, 400, 400, 404], note: 'no text' },
  { method: 'GET', path: '/reviews/:id/findings/:findingId', expect: EDITOR, note: 'the edit page' },
  {
    method: 'POST',
    path: '/reviews/:id/findings/:findingId',
    body: { text: 'Changed', ...stale },
    expect: [303, 403, 409, 409, 404],
  },
  { method: 'GET', path: '/reviews/:id/actions', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/actions/new', expect: EDITOR, note: 'the choice of kind' },
  { method: 'POST', path: '/reviews/:id/actions/new', expect: [303, 403, 400, 400, 404], note: 'no kind' },
  { method: 'POST', path: '/reviews/:id/actions/bulk', expect: [303, 403, 400, 400, 404], note: 'nothing selected' },
  { method: 'GET', path: '/reviews/:id/actions/import', expect: EDITOR },
  { method: 'POST', path: '/reviews/:id/actions/import', expect: [303, 403, 400, 400, 404], note: 'no file' },
  { method: 'GET', path: '/reviews/:id/actions/import/template.csv', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/actions/:actionId', expect: REVIEW },
  { method: 'GET', path: '/reviews/:id/actions/:actionId/edit', expect: EDITOR },
  {
    method: 'POST',
    path: '/reviews/:id/actions/:actionId/edit',
    body: { title: 'Changed', ownerName: 'Business manager', status: 'in-progress', ...stale },
    expect: [303, 403, 409, 409, 404],
    note: 'a review task',
  },
  {
    method: 'POST',
    path: '/reviews/:id/actions/:actionId/progress',
    expect: [303, 403, 400, 400, 404],
    note: 'no note',
  },
  { method: 'GET', path: '/actions', expect: SIGNED_IN, note: 'each person’s own partnership’s actions' },
  { method: 'POST', path: '/actions/bulk', expect: [303, 403, 400, 400, 400], note: 'nothing selected' },
  { method: 'GET', path: '/reviews/:id/response', expect: REVIEW },
  {
    method: 'POST',
    path: '/reviews/:id/response',
    body: { text: 'Changed', ...stale },
    expect: [303, 403, 409, 409, 404],
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

  // ---- The API (bearer tokens) ----
  { method: 'GET', path: '/api/v1/me', expect: [401, 200, 200, 200, 200] },
  { method: 'GET', path: '/api/v1/reviews', expect: [401, 200, 200, 200, 200] },
  {
    method: 'POST',
    path: '/api/v1/reviews',
    body: ({ role }) => ({
      reference: `API/${role}`,
      title: 'A review',
      subjectPseudonym: 'Child M',
      type: 'local-cspr',
      frameworkKey: 'scr-quality-markers',
    }),
    expect: [401, 403, 201, 201, 201],
    note: 'the viewer’s token is read-only; otherAdmin creates one in partnership B',
  },
  { method: 'GET', path: '/api/v1/reviews/:id', expect: [401, 200, 200, 200, 404] },
  { method: 'GET', path: '/api/v1/reviews/export.schema.json', expect: PUBLIC },
  { method: 'GET', path: '/api/v1/reviews/:id/export', query: 'format=json', expect: [401, 200, 200, 200, 404] },
  {
    method: 'POST',
    path: '/api/v1/reviews/import',
    body: ({ role }) => smallestExport(`IMPORT/${role}`),
    expect: [401, 403, 201, 201, 201],
    note: 'the viewer’s token is read-only; otherAdmin imports into partnership B',
  },
  {
    method: 'PATCH',
    path: '/api/v1/reviews/:id',
    body: { version: 1000, title: 'Changed' },
    expect: [401, 403, 409, 409, 404],
  },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/framework-version',
    body: { version: '9.9.9', reviewVersion: 1000 },
    expect: [401, 403, 403, 400, 404],
    note: 'no such version; only managers move a review',
  },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/framework-version',
    query: 'dryRun=true',
    body: { version: '9.9.9' },
    expect: [401, 403, 400, 400, 404],
    note: 'a preview: anyone on the team with a write token; no such version',
  },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/rounds',
    body: { purpose: 'in-review' },
    expect: [401, 403, 201, 201, 404],
  },
  { method: 'GET', path: '/api/v1/reviews/:id/rounds/:roundId/markers/:markerKey', expect: [401, 200, 200, 200, 404] },
  {
    method: 'PUT',
    path: '/api/v1/reviews/:id/rounds/:roundId/markers/:markerKey',
    body: { version: 1000, rationale: 'Changed' },
    expect: [401, 403, 409, 409, 404],
  },
  {
    method: 'PUT',
    path: '/api/v1/reviews/:id/rounds/:roundId/markers/:markerKey/questions/:questionKey',
    body: { version: 1000, note: 'Changed' },
    expect: [401, 403, 409, 409, 404],
  },
];
