import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  MATRIX,
  ROLES,
  type FixtureKey,
  type MatrixEntry,
  type Role,
  type Statuses,
} from './authorization-matrix/index.js';
import { REVIEW_REFERENCE } from './helpers/matrix-records.js';
import { buildMatrixWorld, PARTNERSHIP_A, type MatrixWorld } from './helpers/matrix-world.js';
import { UNSAFE } from './helpers/route-list.js';

/**
 * Every route the app registers × (anonymous, viewer, member, admin, admin of another partnership),
 * against the table in test/authorization-matrix/. The routes are those the app told buildApp's onRoute
 * of (the matrix world's `routes`).
 */
// A few hundred requests, each page rendered in full; slow on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

/** otherAdmin first (with the check that partnership A's data did not change), admin last. */
const ORDER: Role[] = ['otherAdmin', 'anonymous', 'viewer', 'member', 'admin'];

let w: MatrixWorld;

const statusOf = (entry: { expect: Statuses }, role: Role) => entry.expect[ROLES.indexOf(role)]!;
const key = (method: string, path: string) => `${method} ${path}`;

beforeAll(async () => {
  w = await buildMatrixWorld();
}, 60_000);
afterAll(async () => w.t.close());

const urlOf = (entry: MatrixEntry, params?: Record<string, FixtureKey>) => w.urlOf(entry, params);

/** What every response must carry, whoever asked. */
function headerProblems(res: LightMyRequestResponse, role: Role, url: string): string[] {
  const problems: string[] = [];
  const csp = String(res.headers['content-security-policy'] ?? '');
  // A download may narrow the policy further ('none'), never widen it.
  if (!/default-src '(self|none)'/.test(csp)) problems.push(`${role}: no CSP default-src 'self' or 'none'`);
  if (!csp.includes("frame-ancestors 'none'")) problems.push(`${role}: no CSP frame-ancestors 'none'`);
  if (res.headers['x-content-type-options'] !== 'nosniff') problems.push(`${role}: no X-Content-Type-Options`);
  if (!String(res.headers['strict-transport-security']).includes('max-age=31536000')) {
    problems.push(`${role}: no Strict-Transport-Security for a year`);
  }
  if (!res.headers['referrer-policy']) problems.push(`${role}: no Referrer-Policy`);
  if (role !== 'anonymous' && !url.startsWith('/assets/') && res.headers['cache-control'] !== 'no-store') {
    problems.push(`${role}: Cache-Control is ${String(res.headers['cache-control'])}, not no-store`);
  }
  return problems;
}

/** Runs one row (or one of its `also` cases) for every person; returns what is wrong. */
async function check(
  entry: MatrixEntry,
  method: string,
  expectStatuses: Statuses,
  params: Record<string, FixtureKey> = {},
): Promise<string[]> {
  const url = urlOf(entry, params);
  const owned = w.ownedIn(entry, params);
  const problems: string[] = [];
  const actual: Partial<Record<Role, number>> = {};
  for (const role of ORDER) {
    const body = w.bodyOf(entry, role);
    const client = entry.ownSession && role !== 'anonymous' ? await w.session(role) : undefined;
    // HEAD runs the GET handler: the GET request has already shown whether it writes anything.
    const watch = role === 'otherAdmin' && method !== 'HEAD';
    const before = watch ? await w.partnershipAState() : '';
    const res = await w.send({ method, url, role, body, client });
    actual[role] = res.statusCode;
    const expected = statusOf({ expect: expectStatuses }, role);
    if (res.statusCode !== expected) problems.push(`${role}: expected ${expected}, got ${res.statusCode}`);
    problems.push(...headerProblems(res, role, url));
    if (role === 'anonymous' && res.statusCode === 303 && statusOf({ expect: expectStatuses }, 'admin') !== 303) {
      const location = String(res.headers.location);
      if (!location.startsWith('/sign-in')) problems.push(`anonymous: sent to ${location}, not to sign in`);
    }
    if (role === 'otherAdmin') {
      if (watch && (await w.partnershipAState()) !== before) problems.push('otherAdmin: changed partnership A’s data');
      const shows = res.body.includes(REVIEW_REFERENCE) || res.body.includes(PARTNERSHIP_A);
      if (shows && !entry.capabilityUrl) {
        problems.push('otherAdmin: the answer shows partnership A’s data');
      }
      if (owned.length) {
        const location = String(res.headers.location ?? '');
        if (res.statusCode < 300) problems.push(`otherAdmin: ${res.statusCode} for partnership A’s ids`);
        if (res.statusCode < 400 && res.statusCode >= 300 && owned.some((id) => location.includes(id))) {
          problems.push(`otherAdmin: redirected to partnership A’s ${location}`);
        }
        if (url.startsWith('/api/') && res.statusCode !== 404) {
          problems.push(`otherAdmin: the API answered ${res.statusCode}, not 404, for partnership A’s ids`);
        }
      }
    }
  }
  if (problems.length) problems.push(`actual: [${ROLES.map((r) => actual[r]).join(', ')}]`);
  return problems.map((p) => `${method} ${url} ${p}`);
}

const isRegistered = (method: string, path: string) =>
  path === '/assets/**' || w.routes.some((r) => r.method === method && r.url === path);

/** Static files: every route under /assets/ that no row names. */
function staticRoutes(): string[] {
  const named = new Set(MATRIX.map((e) => e.path));
  return [
    ...new Set(
      w.routes.filter((r) => r.method === 'GET' && r.url.startsWith('/assets/') && !named.has(r.url)).map((r) => r.url),
    ),
  ];
}

// Safe methods first, so no write changes what a later read expects.
const ROWS = [...MATRIX].sort((x, y) => Number(UNSAFE.has(x.method)) - Number(UNSAFE.has(y.method)));

describe('authorisation matrix', () => {
  it('has an entry for every route the app registers', () => {
    expect(w.routes.length).toBeGreaterThan(50);
    const rows = new Set(MATRIX.map((e) => key(e.method, e.path)));
    const missing = [
      ...new Set(
        w.routes
          .filter((r) => !r.url.startsWith('/assets/') || MATRIX.some((e) => e.path === r.url))
          .filter((r) => !(r.method === 'HEAD' && rows.has(key('GET', r.url))))
          .map((r) => key(r.method, r.url))
          .filter((k) => !rows.has(k)),
      ),
    ];
    expect(missing, 'add it to a file of test/authorization-matrix/').toEqual([]);
  });

  it('has no entry for a route the app does not register', () => {
    const stale = MATRIX.filter((e) => !isRegistered(e.method, e.path)).map((e) => key(e.method, e.path));
    expect(stale, 'remove it from test/authorization-matrix/, or register the route').toEqual([]);
  });

  it.each(ROWS.map((e) => [key(e.method, e.path), e] as const))('%s', async (_name, entry) => {
    if (!isRegistered(entry.method, entry.path)) return; // reported by the test above
    const problems: string[] = [];
    const methods = entry.method === 'GET' ? ['GET', 'HEAD'] : [entry.method];
    for (const method of methods) {
      if (entry.path === '/assets/**') {
        for (const url of staticRoutes()) problems.push(...(await check({ ...entry, url }, method, entry.expect)));
        continue;
      }
      problems.push(...(await check(entry, method, entry.expect)));
      for (const extra of entry.also ?? []) problems.push(...(await check(entry, method, extra.expect, extra.params)));
    }
    expect(problems).toEqual([]);
  });
});

describe('CSRF', () => {
  const unsafe = ROWS.filter((e) => UNSAFE.has(e.method));
  it.each(unsafe.map((e) => [key(e.method, e.path), e] as const))(
    '%s without a token is refused with 403',
    async (_name, entry) => {
      if (!isRegistered(entry.method, entry.path)) return;
      const url = urlOf(entry);
      for (const role of ['anonymous', 'admin'] as const) {
        const body = w.bodyOf(entry, role);
        const client = entry.ownSession && role === 'admin' ? await w.session(role) : undefined;
        // With the session cookie and no token (an API client's bearer token is exempt: no cookie to forge).
        const res = await w.send({ method: entry.method, url, role, csrf: false, body, client });
        // A route may turn away someone signed out before reading the body (the file upload): also refused.
        const refused =
          res.statusCode === 403 ||
          (role === 'anonymous' && res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in'));
        expect(refused, `${role}: ${entry.method} ${url} answered ${res.statusCode}`).toBe(true);
      }
    },
  );
});
