import { createHmac, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import fp from 'fastify-plugin';
import type { Config } from '../config/config.js';
import { hashSessionId, sessionCookieName } from './session.js';

declare module 'fastify' {
  interface FastifyReply {
    /** A CSRF token for a form on this page (sets the secret cookie when there is none yet). */
    csrfToken(): string;
    /** A new CSRF secret from this response on: tokens made before it stop working (sign-in, sign-out). */
    renewCsrfSecret(): void;
  }
}

/** What a token made for someone without a session is bound to. */
const NO_SESSION = 'no-session';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cookies, and a CSRF token on every unsafe method. API requests that authenticate with a bearer
 * token carry no cookies, so a cross-site page cannot forge them: they are exempt.
 *
 * A token is bound to the session it was made for (the SHA-256 of the session cookie, through the
 * token's HMAC), so one taken from another session, or before signing in, is refused. Starting and ending
 * a session also renews the secret in the CSRF cookie.
 */
export const cookiesPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    // The first secret signs; previous ones still check cookies signed before SESSION_SECRET changed.
    const secret = [config.sessionSecret, ...config.previousSessionSecrets];
    await app.register(cookie, { secret, hook: 'onRequest' });
  },
  { name: 'cookies' },
);

export const csrfPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const cookieKey = config.isProduction ? '__Host-qm_csrf' : 'qm_csrf';
    const cookieOpts = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.isProduction,
      signed: true,
    } as const;
    const sessionCookie = sessionCookieName(config);
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey,
      cookieOpts,
      csrfOpts: { hmacKey: createHmac('sha256', config.sessionSecret).update('csrf-token').digest() },
      // Checked against the session cookie the request carries, even one that has just expired: the
      // form is then accepted and the route sends the person to sign in again, saying why.
      getUserInfo: (request) => {
        const raw = request.cookies[sessionCookie];
        return raw ? hashSessionId(raw) : NO_SESSION;
      },
      getToken: (request) => {
        const body = request.body as Record<string, unknown> | undefined;
        const fromBody = body && typeof body === 'object' ? body._csrf : undefined;
        const header = request.headers['x-csrf-token'];
        return typeof fromBody === 'string' ? fromBody : typeof header === 'string' ? header : '';
      },
    });
    // One token per response: a page with several forms must not mint several secrets.
    const tokens = new WeakMap<object, string>();
    app.decorateReply('csrfToken', function () {
      let token = tokens.get(this);
      if (!token) {
        // Made for the session the browser will hold after this response (none once it has ended).
        token = this.generateCsrf({ userInfo: this.request.session?.idHash ?? NO_SESSION });
        tokens.set(this, token);
      }
      return token;
    });
    app.decorateReply('renewCsrfSecret', function () {
      const secret = randomBytes(18).toString('base64url');
      this.setCookie(cookieKey, secret, cookieOpts);
      // A token made later in this response uses the new secret.
      this.request.cookies[cookieKey] = this.signCookie(secret);
      tokens.delete(this);
    });
    app.addHook('preHandler', (request, reply, done) => {
      const bearer = (request.headers.authorization ?? '').toLowerCase().startsWith('bearer ');
      if (!UNSAFE.has(request.method) || (bearer && !request.headers.cookie)) return done();
      app.csrfProtection(request, reply, done);
    });
  },
  { name: 'csrf', dependencies: ['cookies'] },
);
