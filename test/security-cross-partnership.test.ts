import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/features/accounts/tokens.service.js';
import { MATRIX, type MatrixEntry } from './authorization-matrix/index.js';
import { insertPerson, signedInClient, type Person } from './helpers/client.js';
import { REVIEW_REFERENCE } from './helpers/matrix-records.js';
import { withCurrentVersions } from './helpers/matrix-versions.js';
import {
  buildMatrixWorld,
  isApiUrl,
  PARTNERSHIP_A,
  type MatrixWorld,
  type SessionClient,
} from './helpers/matrix-world.js';
import { unsafeRoutes } from './helpers/route-list.js';

/**
 * Security issue 14, "keep it found": every unsafe route the router registers (its own list, not one kept
 * by hand) is sent, with the matrix's body for it and the current version of what it changes, by each
 * person of another partnership (B's admin, member and viewer) and by partnership A's viewer. Nobody may
 * change a row of partnership A; where the route names one of A's records, or is not one of the routes
 * everyone uses for their own account, each must be refused (403 or 404). A new route without a rule in
 * test/authorization-matrix/ fails here too.
 *
 * Also: no page (any route outside /api/v1/) takes a bearer token in place of a session (finding M3).
 */
// Some 250 requests, each with two snapshots of partnership A; slow on a busy machine.
vi.setConfig({ testTimeout: 600_000 });

/** Routes each person uses for their own session and account, or before signing in: not A's to refuse. */
const OWN_ACCOUNT = /^\/(sign-in|sign-out|account|session|partnerships|password-reset|invitations|setup)(\/|$)/;

type Outsider = 'otherAdmin' | 'otherMember' | 'otherViewer' | 'viewer';
const OUTSIDERS: Outsider[] = ['otherAdmin', 'otherMember', 'otherViewer', 'viewer'];

let w: MatrixWorld;
const people = {} as Record<Outsider, Person>;
const tokens = {} as Record<Outsider, string>;

beforeAll(async () => {
  w = await buildMatrixWorld();
  const db = w.db;
  people.otherAdmin = w.people.otherAdmin;
  people.viewer = w.people.viewer;
  tokens.otherAdmin = w.tokens.otherAdmin;
  tokens.viewer = w.tokens.viewer;
  for (const [who, role, scopes] of [
    ['otherMember', 'member', ['read', 'write']],
    ['otherViewer', 'viewer', ['read']],
  ] as const) {
    people[who] = await insertPerson(db, w.orgB.id, role);
    const made = await createToken(
      db,
      { organisationId: w.orgB.id, userId: people[who].id, name: 'outsider', scopes: [...scopes], expiresAt: null },
      { ip: '127.0.0.1', userAgent: 'security test', userId: people[who].id, organisationId: w.orgB.id },
    );
    tokens[who] = made.token;
  }
}, 60_000);
afterAll(async () => w.t.close());

/** A fresh session of the outsider's (a route may end the session it is sent from). */
async function sessionOf(who: Outsider): Promise<SessionClient> {
  const organisationId = who === 'viewer' ? w.orgA.id : w.orgB.id;
  const client = await signedInClient(w.t.app, w.db, people[who], organisationId);
  return { client, csrf: await client.csrfToken('/account') };
}

const sessions = new Map<Outsider, SessionClient>();
/** The outsider's session for the entry (made before the state is taken: a new session is a new row). */
async function clientFor(entry: MatrixEntry, who: Outsider): Promise<SessionClient> {
  let client = sessions.get(who);
  if (!client || entry.ownSession) {
    client = await sessionOf(who);
    if (!entry.ownSession) sessions.set(who, client);
  }
  return client;
}

async function send(entry: MatrixEntry, who: Outsider, client: SessionClient): Promise<LightMyRequestResponse> {
  // A's admin's body: the one that would succeed for A (the matrix's, with the current versions).
  const body = await withCurrentVersions(w, entry, w.bodyOf(entry, 'admin'));
  return w.send({ method: entry.method, url: w.urlOf(entry), role: 'viewer', body, client, token: tokens[who] });
}

const key = (r: { method: string; path?: string; url?: string }) => `${r.method} ${r.path ?? r.url}`;

describe('another partnership, and A’s viewer, change nothing of partnership A', () => {
  it('every unsafe route the router registers has a rule in the matrix', () => {
    const routes = unsafeRoutes(w.routes);
    expect(routes.length).toBeGreaterThan(40);
    const ruleless = routes.filter((r) => !MATRIX.some((e) => e.method === r.method && e.path === r.url));
    expect(ruleless.map(key), 'add each to a file of test/authorization-matrix/').toEqual([]);
  });

  it('refuses every unsafe route', async () => {
    const problems: string[] = [];
    let sent = 0;
    for (const route of unsafeRoutes(w.routes)) {
      for (const entry of MATRIX.filter((e) => e.method === route.method && e.path === route.url)) {
        const owned = w.ownedIn(entry).length > 0;
        const ownAccount = OWN_ACCOUNT.test(entry.path);
        for (const who of OUTSIDERS) {
          // A's viewer may use the routes of their own account; they are not A's data to refuse.
          if (who === 'viewer' && ownAccount && !owned) continue;
          const client = await clientFor(entry, who);
          // A's viewer's own session and token use are theirs to change.
          const state = () => w.partnershipAState(people[who].id);
          const before = await state();
          const res = await send(entry, who, client);
          sent += 1;
          const what = `${entry.method} ${w.urlOf(entry)} as ${who}`;
          const after = await state();
          if (after !== before) {
            const a = JSON.parse(before) as [string, string[]][];
            const b = JSON.parse(after) as [string, string[]][];
            const diff = b.flatMap(([t, rows], i) =>
              rows.filter((r) => !a[i]![1].includes(r)).map((r) => `${t}: ${r}`),
            );
            problems.push(`${what}: changed partnership A’s data ${diff.join(' | ').slice(0, 600)}`);
          }
          // Another partnership may use A-free routes in its own partnership (B's admin adds a theme to B).
          const mustRefuse = owned || (who === 'viewer' && !ownAccount);
          if (mustRefuse && ![403, 404].includes(res.statusCode)) {
            problems.push(`${what}: ${res.statusCode}, not 403 or 404 (${res.body.slice(0, 160)})`);
          }
          if (owned && who !== 'viewer' && isApiUrl(entry.path) && ![403, 404].includes(res.statusCode)) {
            problems.push(`${what}: the API answered ${res.statusCode} for partnership A’s ids`);
          }
          const location = String(res.headers.location ?? '');
          if (who !== 'viewer' && w.ownedIn(entry).some((id) => location.includes(id))) {
            problems.push(`${what}: redirected to partnership A’s ${location}`);
          }
          const shows = res.body.includes(REVIEW_REFERENCE) || res.body.includes(PARTNERSHIP_A);
          if (who !== 'viewer' && shows && !entry.capabilityUrl) problems.push(`${what}: shows partnership A’s data`);
        }
      }
    }
    expect(sent).toBeGreaterThan(150);
    expect(problems).toEqual([]);
  });
});

describe('a bearer token opens no page (M3)', () => {
  it('every route outside /api/v1/, sent only partnership A’s admin’s bearer token, answers 401', async () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const route of w.routes) {
      if (isApiUrl(route.url) || seen.has(key(route))) continue;
      seen.add(key(route));
      const method = route.method === 'HEAD' ? 'GET' : route.method;
      const entries = MATRIX.filter((e) => e.method === method && e.path === route.url);
      const urls = entries.length
        ? entries.map((e) => ({ url: w.urlOf(e), body: w.bodyOf(e, 'admin') }))
        : [{ url: route.url.replace(/\*$/, 'x'), body: undefined }];
      for (const { url, body } of urls) {
        const unsafe = !['GET', 'HEAD'].includes(route.method);
        const before = unsafe ? await w.partnershipAState() : '';
        const res = await w.t.app.inject({
          method: route.method as 'GET',
          url,
          headers: {
            authorization: `Bearer ${w.tokens.admin}`,
            ...(unsafe ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          payload: unsafe
            ? new URLSearchParams(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)])).toString()
            : undefined,
        });
        if (res.statusCode !== 401) problems.push(`${route.method} ${url}: ${res.statusCode}, not 401`);
        if (unsafe && (await w.partnershipAState()) !== before) {
          problems.push(`${route.method} ${url}: changed partnership A’s data`);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });
});
