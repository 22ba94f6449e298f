import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/features/accounts/tokens.service.js';
import { createRound } from '../src/features/assessments/assessments.service.js';
import { saveMarkerRecord } from '../src/features/assessments/marker-records.service.js';
import { addComment } from '../src/features/assessments/comments.service.js';
import { addEvidence } from '../src/features/assessments/evidence.service.js';
import { loadFrameworkFiles } from '../src/features/frameworks/framework.load.js';
import { FrameworkCatalogue } from '../src/features/frameworks/frameworks.service.js';
import { importFrameworkFile } from '../src/features/frameworks/imports.service.js';
import { invitePerson, makeResetLink } from '../src/features/organisations/people.service.js';
import { createReview } from '../src/features/reviews/reviews.service.js';
import { SCOPE_SECTIONS } from '../src/features/reviews/scope.service.js';
import { addMember } from '../src/features/reviews/team.service.js';
import { addAction } from '../src/features/actions/actions-edit.service.js';
import { actionFormPage } from '../src/features/actions/actions.service.js';
import { addFinding, findingFormPage } from '../src/features/actions/findings.service.js';
import { listThemes } from '../src/features/actions/themes.service.js';
import { paths } from '../src/lib/paths.js';
import {
  DEFAULT_PARAMS,
  MATRIX,
  OWNED,
  ROLES,
  type Fixture,
  type FixtureKey,
  type MatrixEntry,
  type Role,
  type Statuses,
} from './authorization-matrix.js';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { Client, insertOrganisation, insertPerson, signedInClient, type Person } from './helpers/client.js';

/**
 * Every route the app registers × (anonymous, viewer, member, admin, admin of another partnership),
 * against the table in test/authorization-matrix.ts. Fastify keeps no public list of its routes, so
 * this file wraps the `fastify` factory to add an onRoute hook before any plugin registers a route.
 */
const registered = vi.hoisted(() => [] as { method: string; url: string }[]);
vi.mock('fastify', async (importOriginal) => {
  const original = await importOriginal<typeof import('fastify')>();
  const factory = original.default;
  const withRouteList = ((options?: Parameters<typeof factory>[0]) => {
    const app = factory(options);
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) registered.push({ method, url: route.url });
    });
    return app;
  }) as typeof factory;
  return { ...original, default: withRouteList };
});

// A few hundred requests, each page rendered in full; slow on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** otherAdmin first (with the check that partnership A's data did not change), admin last. */
const ORDER: Role[] = ['otherAdmin', 'anonymous', 'viewer', 'member', 'admin'];
const REVIEW_REFERENCE = 'MATRIX/1';
const PARTNERSHIP_A = 'Matrixshire Safeguarding Children Partnership';

let t: TestApp;
let fixture: Fixture;
let orgA: { id: string };
let orgB: { id: string };
const people = {} as Record<Exclude<Role, 'anonymous'>, Person>;
const clients = {} as Record<Role, { client: Client; csrf: string }>;
const tokens = {} as Record<Exclude<Role, 'anonymous'>, string>;
let partnershipATables: { name: string; hasOrganisation: boolean }[] = [];

const statusOf = (entry: { expect: Statuses }, role: Role) => entry.expect[ROLES.indexOf(role)]!;
const key = (method: string, path: string) => `${method} ${path}`;

beforeAll(async () => {
  registered.length = 0;
  t = await buildTestApp();
  const db = t.testDb.db;
  const a = await insertOrganisation(db, PARTNERSHIP_A);
  const b = await insertOrganisation(db, 'Otherton Safeguarding Adults Board');
  orgA = a;
  orgB = b;
  people.viewer = await insertPerson(db, a.id, 'viewer');
  people.member = await insertPerson(db, a.id, 'member');
  people.admin = await insertPerson(db, a.id, 'admin', { twoFactor: true });
  people.otherAdmin = await insertPerson(db, b.id, 'admin', { twoFactor: true });
  const spare = await insertPerson(db, a.id, 'member');
  const linkHolder = await insertPerson(db, a.id, 'member');

  const request = { ip: '127.0.0.1', userAgent: 'authorisation matrix' };
  const adminActor = { ...request, userId: people.admin.id, organisationId: a.id, partnershipRole: 'admin' as const };
  const catalogue = new FrameworkCatalogue(loadFrameworkFiles(paths.frameworks));
  const framework = catalogue.latest('scr-quality-markers')!;
  const marker = framework.stages[0]!.markers[0]!;

  const review = await createReview(
    db,
    adminActor,
    {
      reference: REVIEW_REFERENCE,
      title: 'The matrix review',
      subjectPseudonym: 'Child A',
      type: 'local-cspr',
      method: 'systems',
      methodOther: null,
    },
    framework,
  );
  for (const [person, role] of [
    [people.member, 'panel-member'],
    [people.viewer, 'observer'],
    [spare, 'panel-member'],
  ] as const) {
    const added = await addMember(db, adminActor, review.id, { userId: person.id, role });
    if (!added.ok) throw new Error(added.error);
  }
  const teamRow = (userId: string) =>
    db
      .selectFrom('review_member')
      .select('id')
      .where('review_id', '=', review.id)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
  const round = await createRound(db, adminActor, review.id, { purpose: 'planning' }, framework);
  // Saved once, so version 1 is in the record's history (the restore row needs one).
  const ids = { reviewId: review.id, roundId: round.id, markerKey: marker.key };
  const saved = await saveMarkerRecord(db, adminActor, ids, 1, { rationale: 'First thoughts' });
  if (!saved.ok) throw new Error('marker record not saved');
  const memberActor = { ...adminActor, userId: people.member.id, partnershipRole: 'member' as const };
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const evidence = await addEvidence(db, adminActor, ids, {
    kind: 'file',
    title: 'Chronology',
    fileName: 'c.pdf',
    data: pdf,
  });
  const spareEvidence = await addEvidence(db, adminActor, ids, { kind: 'note', title: 'Spare', note: 'To delete' });
  const comment = await addComment(db, memberActor, ids, 'A comment from the member');
  const findingPage = await findingFormPage(db, catalogue, adminActor, review.id);
  const finding = await addFinding(db, findingPage, adminActor, {
    kind: 'finding',
    text: 'A finding',
    markerKeys: [marker.key],
    themeIds: [],
  });
  const action = await addAction(db, await actionFormPage(db, catalogue, adminActor, review.id), adminActor, {
    kind: 'review-task',
    title: 'Send the letter to the family',
    description: '',
    findingId: null,
    markerKey: null,
    ownerUserId: null,
    ownerName: 'Business manager',
    agencies: [],
    dueDate: null,
    status: 'not-started',
    rag: null,
    supportingEvidence: '',
    criticalFriendComment: '',
    impactWhatChanged: '',
    impactHowWeKnow: '',
  });
  const theme = (await listThemes(db, a.id)).at(-1)!;

  const token = async (person: Person, organisationId: string, scopes: ('read' | 'write')[]) =>
    createToken(
      db,
      { organisationId, userId: person.id, name: 'matrix', scopes, expiresAt: null },
      { ...request, userId: person.id, organisationId },
    );
  tokens.viewer = (await token(people.viewer, a.id, ['read'])).token;
  tokens.member = (await token(people.member, a.id, ['read', 'write'])).token;
  tokens.admin = (await token(people.admin, a.id, ['read', 'write'])).token;
  tokens.otherAdmin = (await token(people.otherAdmin, b.id, ['read', 'write'])).token;
  const spareToken = await token(people.admin, a.id, ['read']);

  const invitation = await invitePerson(
    db,
    { ...adminActor, name: people.admin.name, organisationName: PARTNERSHIP_A },
    { name: 'Invited Person', email: 'invited@example.org', role: 'member' },
    t.config.publicUrl,
  );
  if (!invitation.ok) throw new Error('no invitation');
  const reset = await makeResetLink(db, adminActor, linkHolder.id, t.config.publicUrl);

  const fixtures = join(paths.projectRoot, 'test', 'fixtures', 'frameworks');
  for (const filename of ['local-v1.yaml', 'local-v2.yaml']) {
    const outcome = await importFrameworkFile(
      db,
      catalogue,
      a,
      { filename, bytes: readFileSync(join(fixtures, filename)) },
      { ...request, userId: people.admin.id, organisationId: a.id },
    );
    if (!outcome.ok) throw new Error(`import ${filename}: ${JSON.stringify(outcome.problems)}`);
  }

  fixture = {
    reviewId: review.id,
    roundId: round.id,
    markerKey: marker.key,
    questionKey: marker.questions[0]!.key,
    memberId: (await teamRow(people.member.id)).id,
    spareMemberId: (await teamRow(spare.id)).id,
    sectionKey: SCOPE_SECTIONS[0]!.key,
    userId: people.member.id,
    spareUserId: spare.id,
    tokenId: spareToken.id,
    invitationToken: invitation.url.split('/').pop()!,
    resetToken: reset.url.split('/').pop()!,
    setupToken: 'no-such-set-up-link',
    frameworkKey: framework.key,
    frameworkVersion: framework.version,
    frameworkMarker: marker.key,
    frameworkRange: `${framework.version}...${framework.version}`,
    importedKey: 'riverside-review-checks',
    importedVersion: '1.1.0',
    importedMarker: 'scope',
    importedRange: '1.0.0...1.1.0',
    partnershipSlug: a.slug,
    evidenceId: evidence.id,
    spareEvidenceId: spareEvidence.id,
    commentId: comment.id,
    findingId: finding.id,
    actionId: action.id,
    themeId: theme.id,
  };

  clients.anonymous = { client: new Client(t.app), csrf: '' };
  clients.anonymous.csrf = await clients.anonymous.client.csrfToken('/sign-in');
  for (const role of ['viewer', 'member', 'admin', 'otherAdmin'] as const) clients[role] = await session(role);

  const tables = await db.introspection.getTables();
  partnershipATables = tables
    .filter((table) => table.columns.some((c) => c.name === 'organisation_id') || table.name === 'user_account')
    .map((table) => ({ name: table.name, hasOrganisation: table.name !== 'user_account' }));
}, 60_000);
afterAll(async () => t.close());

/** A fresh session for one of the people, and the CSRF token its pages carry. */
async function session(role: Exclude<Role, 'anonymous'>) {
  const organisationId = role === 'otherAdmin' ? orgB.id : orgA.id;
  const client = await signedInClient(t.app, t.testDb.db, people[role], organisationId);
  return { client, csrf: await client.csrfToken('/account') };
}

/** Partnership A's rows (and its people's accounts), to prove another partnership changed nothing. */
async function partnershipAState(): Promise<string> {
  const db = t.testDb.db;
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
    out.push([table.name, rows.map((r) => JSON.stringify(r)).sort()]);
  }
  return JSON.stringify(out);
}

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

function ownedIn(entry: MatrixEntry, params: Record<string, FixtureKey> = {}): string[] {
  const names = [...entry.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  return names
    .map((name) => params[name] ?? entry.params?.[name] ?? DEFAULT_PARAMS[name]!)
    .filter((k) => OWNED.includes(k))
    .map((k) => fixture[k]);
}

interface Sent {
  method: string;
  url: string;
  role: Role;
  csrf?: boolean;
  body?: Record<string, unknown>;
  client?: { client: Client; csrf: string };
}

/** One request as the person would send it: pages with their session, /api/ with their bearer token. */
async function send({ method, url, role, csrf = true, body, client }: Sent): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  const bearer = url.startsWith('/api/') && role !== 'anonymous' && csrf;
  const who = client ?? clients[role];
  if (bearer) headers.authorization = `Bearer ${tokens[role as Exclude<Role, 'anonymous'>]}`;
  else {
    const cookie = [...who.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    if (UNSAFE.has(method) && csrf) headers['x-csrf-token'] = who.csrf;
  }
  let payload: string | undefined;
  if (UNSAFE.has(method)) {
    if (url.startsWith('/api/')) {
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
  const owned = ownedIn(entry, params);
  const problems: string[] = [];
  const actual: Partial<Record<Role, number>> = {};
  for (const role of ORDER) {
    const body = typeof entry.body === 'function' ? entry.body({ role, fixture }) : entry.body;
    const client = entry.ownSession && role !== 'anonymous' ? await session(role) : undefined;
    // HEAD runs the GET handler: the GET request has already shown whether it writes anything.
    const watch = role === 'otherAdmin' && method !== 'HEAD';
    const before = watch ? await partnershipAState() : '';
    const res = await send({ method, url, role, body, client });
    actual[role] = res.statusCode;
    const expected = statusOf({ expect: expectStatuses }, role);
    if (res.statusCode !== expected) problems.push(`${role}: expected ${expected}, got ${res.statusCode}`);
    problems.push(...headerProblems(res, role, url));
    if (role === 'anonymous' && res.statusCode === 303 && statusOf({ expect: expectStatuses }, 'admin') !== 303) {
      const location = String(res.headers.location);
      if (!location.startsWith('/sign-in')) problems.push(`anonymous: sent to ${location}, not to sign in`);
    }
    if (role === 'otherAdmin') {
      if (watch && (await partnershipAState()) !== before) problems.push('otherAdmin: changed partnership A’s data');
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
  path === '/assets/**' || registered.some((r) => r.method === method && r.url === path);

/** Static files: every route under /assets/ that no row names. */
function staticRoutes(): string[] {
  const named = new Set(MATRIX.map((e) => e.path));
  return [
    ...new Set(
      registered
        .filter((r) => r.method === 'GET' && r.url.startsWith('/assets/') && !named.has(r.url))
        .map((r) => r.url),
    ),
  ];
}

// Safe methods first, so no write changes what a later read expects.
const ROWS = [...MATRIX].sort((x, y) => Number(UNSAFE.has(x.method)) - Number(UNSAFE.has(y.method)));

describe('authorisation matrix', () => {
  it('has an entry for every route the app registers', () => {
    expect(registered.length).toBeGreaterThan(50);
    const rows = new Set(MATRIX.map((e) => key(e.method, e.path)));
    const missing = [
      ...new Set(
        registered
          .filter((r) => !r.url.startsWith('/assets/') || MATRIX.some((e) => e.path === r.url))
          .filter((r) => !(r.method === 'HEAD' && rows.has(key('GET', r.url))))
          .map((r) => key(r.method, r.url))
          .filter((k) => !rows.has(k)),
      ),
    ];
    expect(missing, 'add it to test/authorization-matrix.ts').toEqual([]);
  });

  it('has no entry for a route the app does not register', () => {
    const stale = MATRIX.filter((e) => !isRegistered(e.method, e.path)).map((e) => key(e.method, e.path));
    expect(stale, 'remove it from test/authorization-matrix.ts, or register the route').toEqual([]);
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
        const body = typeof entry.body === 'function' ? entry.body({ role, fixture }) : entry.body;
        const client = entry.ownSession && role === 'admin' ? await session(role) : undefined;
        // With the session cookie and no token (an API client's bearer token is exempt: no cookie to forge).
        const res = await send({ method: entry.method, url, role, csrf: false, body, client });
        // A route may turn away someone signed out before reading the body (the file upload): also refused.
        const refused =
          res.statusCode === 403 ||
          (role === 'anonymous' && res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in'));
        expect(refused, `${role}: ${entry.method} ${url} answered ${res.statusCode}`).toBe(true);
      }
    },
  );
});
