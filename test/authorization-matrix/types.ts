/** The types of the authorisation matrix's entries, and what a path parameter is filled from. */

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
  | 'leadMemberId'
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
  | 'themeId'
  | 'referralId'
  | 'referralRequestId';

/** Partnership A's own records: another partnership's admin must never reach them. */
export const OWNED: readonly FixtureKey[] = [
  'reviewId',
  'roundId',
  'memberId',
  'spareMemberId',
  'leadMemberId',
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
  'referralId',
  'referralRequestId',
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
  requestId: 'referralRequestId',
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
