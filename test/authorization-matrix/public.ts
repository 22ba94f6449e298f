import { all, PUBLIC, IMPORTED } from './expectations.js';
import type { MatrixEntry } from './types.js';

/** Public pages and files, and the public API: the same for everyone, except partnership A’s own framework. */
export const PUBLIC_ROUTES: readonly MatrixEntry[] = [
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
];
