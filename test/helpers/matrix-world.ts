import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createToken } from '../../src/features/accounts/tokens.service.js';
import { createRound } from '../../src/features/assessments/assessments.service.js';
import { saveMarkerRecord } from '../../src/features/assessments/marker-records.service.js';
import { addComment } from '../../src/features/assessments/comments.service.js';
import { addEvidence } from '../../src/features/assessments/evidence.service.js';
import { loadFrameworkFiles } from '../../src/features/frameworks/framework.load.js';
import { FrameworkCatalogue } from '../../src/features/frameworks/frameworks.service.js';
import { importFrameworkFile } from '../../src/features/frameworks/imports.service.js';
import { invitePerson, makeResetLink } from '../../src/features/organisations/people.service.js';
import { createReview } from '../../src/features/reviews/reviews.service.js';
import { SCOPE_SECTIONS } from '../../src/features/reviews/scope.service.js';
import { addMember } from '../../src/features/reviews/team.service.js';
import { addAction } from '../../src/features/actions/actions-edit.service.js';
import { actionFormPage } from '../../src/features/actions/actions.service.js';
import { addFinding, findingFormPage } from '../../src/features/actions/findings.service.js';
import { listThemes } from '../../src/features/actions/themes.service.js';
import { paths } from '../../src/lib/paths.js';
import {
  DEFAULT_PARAMS,
  OWNED,
  type Body,
  type Fixture,
  type FixtureKey,
  type MatrixEntry,
  type Role,
} from '../authorization-matrix/index.js';
import { buildTestApp, type TestApp } from './app.js';
import { Client, insertOrganisation, insertPerson, signedInClient, type Person } from './client.js';
import { UNSAFE } from './route-list.js';

/**
 * The world of the authorisation matrix (test/authorization-matrix/), shared by the tests that send
 * requests at every route: partnership A with a review, its team, a round, a saved marker record,
 * evidence, a comment, a finding, an action, an imported framework, an invitation and a reset link;
 * partnership B with its admin. Each of A's viewer, member and admin and B's admin has a session and a
 * bearer token (the viewer's read-only).
 */

export const REVIEW_REFERENCE = 'MATRIX/1';
export const PARTNERSHIP_A = 'Matrixshire Safeguarding Children Partnership';

export type SignedInRole = Exclude<Role, 'anonymous'>;
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
  const t: TestApp = await buildTestApp();
  const db = t.testDb.db;
  const people = {} as Record<SignedInRole, Person>;
  const clients = {} as Record<Role, SessionClient>;
  const tokens = {} as Record<SignedInRole, string>;

  const a = await insertOrganisation(db, PARTNERSHIP_A);
  const b = await insertOrganisation(db, 'Otherton Safeguarding Adults Board');
  const orgA = a;
  const orgB = b;
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

  const fixture: Fixture = {
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
    if (bearer) headers.authorization = `Bearer ${token ?? tokens[role as SignedInRole]}`;
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
