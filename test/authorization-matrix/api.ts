import { PUBLIC } from './expectations.js';
import type { MatrixEntry } from './types.js';

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

/** The API (bearer tokens). */
export const API_ROUTES: readonly MatrixEntry[] = [
  // ---- The API (bearer tokens) ----
  { method: 'GET', path: '/api/v1/me', expect: [401, 200, 200, 200, 200] },
  { method: 'GET', path: '/api/v1/me/work', expect: [401, 200, 200, 200, 200], note: 'each person’s own work' },
  { method: 'GET', path: '/api/v1/reviews', expect: [401, 200, 200, 200, 200] },
  {
    method: 'GET',
    path: '/api/v1/search',
    query: 'q=review',
    expect: [401, 200, 200, 200, 200],
    note: 'each person searches the reviews they may see (src/features/search/search.test.ts)',
  },
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
    expect: [401, 403, 403, 409, 404],
    note: 'the review’s details are its managers’, not a panel member’s',
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
    expect: [401, 403, 403, 201, 404],
  },
  { method: 'GET', path: '/api/v1/reviews/:id/team', expect: [401, 200, 200, 200, 404] },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/team',
    body: { email: 'nobody@example.org', role: 'panel-member' },
    expect: [401, 403, 403, 400, 404],
    note: 'no such person in the partnership; only team managers, with a write token',
  },
  {
    method: 'DELETE',
    path: '/api/v1/reviews/:id/team/:memberId',
    params: { memberId: 'leadMemberId' },
    expect: [401, 403, 403, 409, 404],
    note: 'the review’s only business manager: the last-lead rule refuses it',
  },
  {
    method: 'POST',
    path: '/api/v1/reviews/:id/clock-changes',
    body: { clock: 'no-such-clock', kind: 'pause', pausedFrom: '2026-01-05', reason: 'Criminal proceedings' },
    expect: [401, 403, 403, 400, 404],
    note: 'a clock the review does not have; only those who run the review, with a write token',
  },
  {
    method: 'DELETE',
    path: '/api/v1/reviews/:id/clock-changes/:changeId',
    params: { changeId: 'memberId' },
    expect: [401, 403, 403, 404, 404],
    note: 'an id that is no extension or pause of the review (a team row’s): managers get 404',
  },
  { method: 'GET', path: '/api/v1/reviews/:id/rounds/:roundId', expect: [401, 200, 200, 200, 404] },
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
