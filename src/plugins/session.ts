import { createHash, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import type { Config } from '../config/config.js';
import type { Db } from '../db/create-db.js';
import { prepared } from '../db/prepared.js';

/**
 * Server-side sessions in the database, so any number of app processes share them. The cookie holds
 * 256 random bits; the table holds only their SHA-256. Idle for 30 minutes or 12 hours after sign-in,
 * a session ends.
 */

export const IDLE_MS = 30 * 60 * 1000;
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, to spare the database a write per request. */
const TOUCH_EVERY_MS = 15 * 1000;

export interface SessionRecord {
  idHash: string;
  userId: string;
  organisationId: string | null;
  secondFactorPending: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's clock; tests replace it to move time. */
    now(): Date;
  }
  interface FastifyRequest {
    session: SessionRecord | null;
    /** True when the request carried a session cookie that had expired. */
    sessionExpired: boolean;
  }
  interface FastifyReply {
    /** Starts a new session (a new id every time: sign-in rotates the session). */
    startSession(userId: string, organisationId: string | null, secondFactorPending: boolean): Promise<void>;
    /** Updates the current session (choosing a partnership, passing the second factor). */
    updateSession(changes: { organisationId?: string | null; secondFactorPending?: boolean }): Promise<void>;
    endSession(): Promise<void>;
  }
  interface FastifyContextConfig {
    /** false: this request does not count as activity (the idle-timeout status check). */
    touchSession?: boolean;
  }
}

export interface SessionPluginOptions {
  config: Config;
  clock?: () => Date;
}

const sessionByHash = prepared((db, idHash: string) =>
  db.selectFrom('session').selectAll().where('id_hash', '=', idHash),
);

/** The SHA-256 of a session cookie's value: what the session table stores (and CSRF tokens are bound to). */
export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('hex');
const hashId = hashSessionId;

/**
 * Deletes every session that has ended, by the rule a request applies (idle for IDLE_MS, or past its
 * expiry): a request deletes its own, but a session whose cookie never comes back would otherwise stay
 * for ever. Idempotent, so any number of processes may run it at once. Returns how many went.
 */
export async function deleteEndedSessions(db: Db, now: Date): Promise<number> {
  const idleSince = new Date(now.getTime() - IDLE_MS).toISOString();
  const result = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', idleSince)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function sessionCookieName(config: Config): string {
  return config.isProduction ? '__Host-qm_session' : 'qm_session';
}

export default fp<SessionPluginOptions>(
  async (app, { config, clock }) => {
    const cookieName = sessionCookieName(config);
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: config.isProduction,
    };
    app.decorate('now', clock ?? (() => new Date()));
    app.decorateRequest('session', null);
    app.decorateRequest('sessionExpired', false);

    app.addHook('onRequest', async (request, reply) => {
      const raw = request.cookies[cookieName];
      if (!raw) return;
      const idHash = hashId(raw);
      const [row] = await sessionByHash(app.db, idHash);
      const now = app.now();
      if (!row) {
        reply.clearCookie(cookieName, cookieOptions);
        request.sessionExpired = true;
        return;
      }
      const lastSeenAt = new Date(row.last_seen_at);
      const expiresAt = new Date(row.expires_at);
      if (now >= expiresAt || now.getTime() - lastSeenAt.getTime() >= IDLE_MS) {
        await app.db.deleteFrom('session').where('id_hash', '=', idHash).execute();
        reply.clearCookie(cookieName, cookieOptions);
        request.sessionExpired = true;
        return;
      }
      const touch = request.routeOptions.config?.touchSession !== false;
      if (touch && now.getTime() - lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
        await app.db
          .updateTable('session')
          .set({ last_seen_at: now.toISOString() })
          .where('id_hash', '=', idHash)
          .execute();
      }
      request.session = {
        idHash,
        userId: row.user_id,
        organisationId: row.organisation_id,
        secondFactorPending: row.second_factor_pending === 1,
        createdAt: new Date(row.created_at),
        lastSeenAt: touch ? now : lastSeenAt,
        expiresAt,
      };
    });

    app.decorateReply('startSession', async function (userId, organisationId, secondFactorPending) {
      const request = this.request;
      if (request.session) await app.db.deleteFrom('session').where('id_hash', '=', request.session.idHash).execute();
      const id = randomBytes(32).toString('base64url');
      const now = app.now();
      const expiresAt = new Date(now.getTime() + ABSOLUTE_MS);
      await app.db
        .insertInto('session')
        .values({
          id_hash: hashId(id),
          user_id: userId,
          organisation_id: organisationId,
          second_factor_pending: secondFactorPending ? 1 : 0,
          created_at: now.toISOString(),
          last_seen_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
        })
        .execute();
      this.setCookie(cookieName, id, { ...cookieOptions, expires: expiresAt });
      this.renewCsrfSecret();
      request.session = {
        idHash: hashId(id),
        userId,
        organisationId,
        secondFactorPending,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
      };
    });

    app.decorateReply('updateSession', async function (changes) {
      const session = this.request.session;
      if (!session) throw new Error('No session to update');
      await app.db
        .updateTable('session')
        .set({
          ...(changes.organisationId !== undefined ? { organisation_id: changes.organisationId } : {}),
          ...(changes.secondFactorPending !== undefined
            ? { second_factor_pending: changes.secondFactorPending ? 1 : 0 }
            : {}),
        })
        .where('id_hash', '=', session.idHash)
        .execute();
      Object.assign(session, changes);
    });

    app.decorateReply('endSession', async function () {
      const session = this.request.session;
      if (session) await app.db.deleteFrom('session').where('id_hash', '=', session.idHash).execute();
      this.request.session = null;
      this.clearCookie(cookieName, cookieOptions);
      this.renewCsrfSecret();
    });
  },
  { name: 'session', dependencies: ['db', 'cookies', 'csrf'] },
);
