import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { IDLE_MS } from '../../plugins/session.js';

/** What the timeout warning needs to know: whether the session lives, and for how much longer. */
export interface SessionStatus {
  signedIn: boolean;
  /** Seconds until the session ends for want of activity (30 minutes after the last request). */
  idleExpiresInSeconds: number;
  /** Seconds until the session ends however active the person is (12 hours after signing in). */
  absoluteExpiresInSeconds: number;
}

/** Rounded up: 0 only once the session has really ended (the session plugin's rule is "idle ≥ 30 minutes"). */
const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * The idle-timeout warning's two requests (assets/js/session-timeout.js). `GET /session/status` does
 * not count as activity, so polling it never keeps a session alive; `POST /session/extend` (CSRF token
 * in the x-csrf-token header) is a request like any other, so it restarts the idle clock. Someone who
 * has only passed the password step is not signed in yet.
 */
export const sessionTimeoutRoutes: FastifyPluginAsync = async (app) => {
  function statusOf(request: FastifyRequest): SessionStatus {
    const session = request.session;
    if (!session || session.secondFactorPending || !request.auth) {
      return { signedIn: false, idleExpiresInSeconds: 0, absoluteExpiresInSeconds: 0 };
    }
    const now = app.now().getTime();
    return {
      signedIn: true,
      idleExpiresInSeconds: seconds(session.lastSeenAt.getTime() + IDLE_MS - now),
      absoluteExpiresInSeconds: seconds(session.expiresAt.getTime() - now),
    };
  }

  const send = (reply: FastifyReply, status: SessionStatus, code = 200) =>
    reply.code(code).header('Cache-Control', 'no-store').send(status);

  app.get('/session/status', { config: { touchSession: false } }, async (request, reply) =>
    send(reply, statusOf(request)),
  );

  app.post('/session/extend', async (request, reply) => {
    const status = statusOf(request);
    return send(reply, status, status.signedIn ? 200 : 401);
  });
};
