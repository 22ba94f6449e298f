import type { DatabaseConfig } from '../../src/config/config.js';
import { createDb } from '../../src/db/create-db.js';
import { createToken } from '../../src/features/accounts/tokens.service.js';
import { createSession, insertOrganisation, insertPerson } from '../../test/helpers/client.js';

/**
 * A signed-in person with a review to work on, made in the running app's own database: a partnership,
 * a member (no two-factor needed), a session cookie and a write-scoped API token, then, through the
 * app's public API as that person, a review on the SCR framework and an in-review round.
 */
export interface SignedInFixture {
  /** Cookie header value naming the person's session. */
  cookie: string;
  /** Authorization header value. */
  bearer: string;
  reviewId: string;
  roundId: string;
  /** Every (marker, question) of the round's framework, in order. */
  questions: { markerKey: string; questionKey: string }[];
}

const FRAMEWORK = 'scr-quality-markers';
/** The app runs with NODE_ENV=production, so its session cookie has the __Host- prefix. */
export const SESSION_COOKIE = '__Host-qm_session';
const CSRF_COOKIE = '__Host-qm_csrf';

export async function signedInFixture(database: DatabaseConfig, baseUrl: string): Promise<SignedInFixture> {
  const db = createDb(database);
  try {
    // The same helpers the route tests use to make a partnership, a member and a session row.
    const now = new Date();
    const organisation = await insertOrganisation(db, 'Benchmark Safeguarding Partnership');
    const person = await insertPerson(db, organisation.id, 'member');
    const sessionId = await createSession(db, person, organisation.id);
    const organisationId = organisation.id;
    const userId = person.id;
    const { token } = await createToken(
      db,
      { organisationId, userId, name: 'benchmark', scopes: ['read', 'write'], expiresAt: null },
      { userId, organisationId, ip: null, userAgent: 'bench' },
      now,
    );
    const bearer = `Bearer ${token}`;

    const review = await api<{ id: string }>(baseUrl, bearer, 'POST', '/api/v1/reviews', {
      reference: `BENCH ${organisationId.slice(-6)}`,
      title: 'Benchmark review',
      subjectPseudonym: 'Child A',
      type: 'local-cspr',
      frameworkKey: FRAMEWORK,
    });
    const round = await api<{ id: string }>(baseUrl, bearer, 'POST', `/api/v1/reviews/${review.id}/rounds`, {
      purpose: 'in-review',
    });
    const framework = await api<{ stages: { markers: { key: string; questions: { key: string }[] }[] }[] }>(
      baseUrl,
      bearer,
      'GET',
      `/api/v1/frameworks/${FRAMEWORK}`,
    );
    const questions = framework.stages.flatMap((s) =>
      s.markers.flatMap((m) => m.questions.map((q) => ({ markerKey: m.key, questionKey: q.key }))),
    );
    return {
      cookie: await browserCookies(baseUrl, `${SESSION_COOKIE}=${sessionId}`),
      bearer,
      reviewId: review.id,
      roundId: round.id,
      questions,
    };
  } finally {
    await db.destroy();
  }
}

/**
 * The cookies a browser holds after its first page: the session, and the CSRF secret that page set.
 * Without the secret every page view would mint a new one, which no browser makes the server do.
 */
export async function browserCookies(baseUrl: string, sessionCookie: string): Promise<string> {
  const res = await fetch(`${baseUrl}/account`, { headers: { cookie: sessionCookie } });
  if (!res.ok) throw new Error(`GET /account answered ${res.status}`);
  const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = set.find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  if (!csrf) throw new Error('the first page set no CSRF cookie');
  return `${sessionCookie}; ${csrf}`;
}

async function api<T>(baseUrl: string, bearer: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: bearer, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`bench fixture: ${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
