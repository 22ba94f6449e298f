import type { LightMyRequestResponse } from 'fastify';
import {
  DEFAULT_PARAMS,
  OWNED,
  type Body,
  type FixtureKey,
  type MatrixEntry,
  type Role,
} from '../authorization-matrix/index.js';
import { buildTestApp, type TestApp } from './app.js';
import { Client, insertOrganisation, insertPerson, signedInClient, type Person } from './client.js';
import { addMatrixRecords, type SignedInRole } from './matrix-records.js';
import { routeRecorder, UNSAFE } from './route-list.js';

/**
 * The world of the authorisation matrix (test/authorization-matrix/), shared by the tests that send
 * requests at every route: partnership A with a review, its team, a round, a saved marker record,
 * evidence, a comment, a finding, an action, an imported framework, an invitation and a reset link
 * (made by matrix-records.ts); partnership B with its admin. Each of A's viewer, member and admin and
 * B's admin has a session and a bearer token (the viewer's read-only).
 */

export const PARTNERSHIP_A = 'Matrixshire Safeguarding Children Partnership';

export interface SessionClient {
  client: Client;
  csrf: string;
}

export interface Sent {
  method: string;
  url: string;
  role: Role;
  csrf?: boolean;
  body?: Record<string, unknown>;
  client?: SessionClient;
  /** A bearer token for /api/v1/ other than the role's own. */
  token?: string;
}

/** The JSON API, where bearer tokens work; everything else (/api/docs too) is a page. */
export const isApiUrl = (url: string) => url.startsWith('/api/v1/');

/** An audit event that records reading (a record viewed, a token used), not a change. */
const readEvent = (row: Record<string, unknown>) => /(viewed|^api_token\.used)$/.test(String(row.action));

export type MatrixWorld = Awaited<ReturnType<typeof buildMatrixWorld>>;

export async function buildMatrixWorld() {
  const recorder = routeRecorder();
  const t: TestApp = await buildTestApp({ onRoute: recorder.onRoute });
  const db = t.testDb.db;
  const people = {} as Record<SignedInRole, Person>;
  const clients = {} as Record<Role, SessionClient>;

  const a = await insertOrganisation(db, PARTNERSHIP_A);
  const b = await insertOrganisation(db, 'Otherton Safeguarding Adults Board');
  const orgA = a;
  const orgB = b;
  people.viewer = await insertPerson(db, a.id, 'viewer');
  people.member = await insertPerson(db, a.id, 'member');
  people.admin = await insertPerson(db, a.id, 'admin', { twoFactor: true });
  people.otherAdmin = await insertPerson(db, b.id, 'admin', { twoFactor: true });
  const { fixture, catalogue, tokens } = await addMatrixRecords(t, people, orgA, orgB);

  /** A fresh session for one of the people, and the CSRF token its pages carry. */
  async function session(role: SignedInRole): Promise<SessionClient> {
    const organisationId = role === 'otherAdmin' ? orgB.id : orgA.id;
    const client = await signedInClient(t.app, db, people[role], organisationId);
    return { client, csrf: await client.csrfToken('/account') };
  }

  clients.anonymous = { client: new Client(t.app), csrf: '' };
  clients.anonymous.csrf = await clients.anonymous.client.csrfToken('/sign-in');
  for (const role of ['viewer', 'member', 'admin', 'otherAdmin'] as const) clients[role] = await session(role);

  const tables = await db.introspection.getTables();
  const partnershipATables = tables
    .filter((table) => table.columns.some((c) => c.name === 'organisation_id') || table.name === 'user_account')
    .map((table) => ({ name: table.name, hasOrganisation: table.name !== 'user_account' }));

  /**
   * Partnership A's rows (and its people's accounts), to prove another partnership changed nothing.
   * `exceptUser`: leaves out that person's own sessions, when their tokens were last used, and the audit
   * trail of what they read (what using the app as them changes).
   */
  async function partnershipAState(exceptUser?: string): Promise<string> {
    const out: unknown[] = [];
    const ids = [people.viewer.id, people.member.id, people.admin.id, fixture.userId, fixture.spareUserId];
    for (const table of partnershipATables) {
      // Table names from the database's own list (the casts only satisfy Kysely's types).
      const rows = table.hasOrganisation
        ? await db
            .selectFrom(table.name as 'review')
            .selectAll()
            .where('organisation_id', '=', orgA.id)
            .execute()
        : await db.selectFrom('user_account').selectAll().where('id', 'in', ids).execute();
      const kept = exceptUser
        ? (rows as Record<string, unknown>[])
            .filter((r) => !(table.name === 'session' && r.user_id === exceptUser))
            .filter((r) => !(table.name === 'audit_event' && r.user_id === exceptUser && readEvent(r)))
            .map((r) => (table.name === 'api_token' && r.user_id === exceptUser ? { ...r, last_used_at: null } : r))
        : rows;
      out.push([table.name, kept.map((r) => JSON.stringify(r)).sort()]);
    }
    return JSON.stringify(out);
  }

  /** The entry's URL, its path parameters filled from the fixture. */
  function urlOf(entry: MatrixEntry, params: Record<string, FixtureKey> = {}): string {
    const path =
      entry.url ??
      entry.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
        const fixtureKey = params[name] ?? entry.params?.[name] ?? DEFAULT_PARAMS[name];
        if (!fixtureKey) throw new Error(`No fixture value for :${name} in ${entry.path}`);
        return encodeURIComponent(fixture[fixtureKey]);
      });
    return entry.query ? `${path}?${entry.query}` : path;
  }

  /** Partnership A's own record ids in the entry's URL. */
  function ownedIn(entry: MatrixEntry, params: Record<string, FixtureKey> = {}): string[] {
    const names = [...entry.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    return names
      .map((name) => params[name] ?? entry.params?.[name] ?? DEFAULT_PARAMS[name]!)
      .filter((k) => OWNED.includes(k))
      .map((k) => fixture[k]);
  }

  /** The entry's body for the person. */
  function bodyOf(entry: MatrixEntry, role: Role): Body | undefined {
    return typeof entry.body === 'function' ? entry.body({ role, fixture }) : entry.body;
  }

  /** One request as the person would send it: pages with their session, /api/v1/ with their bearer token. */
  async function send({ method, url, role, csrf = true, body, client, token }: Sent): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    const api = isApiUrl(url);
    const bearer = api && role !== 'anonymous' && csrf;
    const who = client ?? clients[role];
    if (bearer) headers.authorization = `Bearer ${token ?? tokens[role]}`;
    else {
      const cookie = [...who.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (cookie) headers.cookie = cookie;
      if (UNSAFE.has(method) && csrf) headers['x-csrf-token'] = who.csrf;
    }
    let payload: string | undefined;
    if (UNSAFE.has(method)) {
      if (api) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body ?? {});
      } else {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = new URLSearchParams(
          Object.entries(body ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
        ).toString();
      }
    }
    return t.app.inject({ method: method as 'GET', url, headers, payload });
  }

  return {
    t,
    db,
    /** Every route the app registered. */
    routes: recorder.routes,
    fixture,
    orgA,
    orgB,
    people,
    clients,
    tokens,
    catalogue,
    session,
    partnershipAState,
    urlOf,
    ownedIn,
    bodyOf,
    send,
  };
}
