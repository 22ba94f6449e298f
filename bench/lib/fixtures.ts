import { createHash, randomBytes } from 'node:crypto';
import type { DatabaseConfig } from '../../src/config/config.js';
import { createDb } from '../../src/db/create-db.js';
import { createToken } from '../../src/features/accounts/tokens.service.js';
import { newId } from '../../src/lib/ids.js';

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
const SESSION_COOKIE = '__Host-qm_session';

export async function signedInFixture(database: DatabaseConfig, baseUrl: string): Promise<SignedInFixture> {
  const db = createDb(database);
  try {
    const now = new Date();
    const at = now.toISOString();
    const organisationId = newId();
    const userId = newId();
    await db
      .insertInto('organisation')
      .values({
        id: organisationId,
        slug: `bench-${organisationId.slice(-8)}`,
        name: 'Benchmark Safeguarding Partnership',
        kind: 'children',
        require_two_factor: 0,
        oidc_issuer: null,
        oidc_client_id: null,
        oidc_client_secret: null,
        oidc_allowed_domains: null,
        oidc_role_claim: null,
        oidc_admin_group: null,
        oidc_viewer_group: null,
        created_at: at,
        updated_at: null,
      })
      .execute();
    await db
      .insertInto('user_account')
      .values({
        id: userId,
        email: `bench-${userId.slice(-8)}@example.org`,
        name: 'Bench Reviewer',
        password_hash: null,
        totp_secret: null,
        totp_enabled_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('membership')
      .values({
        id: newId(),
        organisation_id: organisationId,
        user_id: userId,
        role: 'member',
        disabled_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const sessionId = randomBytes(32).toString('base64url');
    await db
      .insertInto('session')
      .values({
        id_hash: createHash('sha256').update(sessionId).digest('hex'),
        user_id: userId,
        organisation_id: organisationId,
        second_factor_pending: 0,
        created_at: at,
        last_seen_at: at,
        expires_at: new Date(now.getTime() + 12 * 3600_000).toISOString(),
      })
      .execute();
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
    return { cookie: `${SESSION_COOKIE}=${sessionId}`, bearer, reviewId: review.id, roundId: round.id, questions };
  } finally {
    await db.destroy();
  }
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
