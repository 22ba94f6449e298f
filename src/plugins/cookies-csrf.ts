import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import fp from 'fastify-plugin';
import type { Config } from '../config/config.js';

declare module 'fastify' {
  interface FastifyReply {
    /** A CSRF token for a form on this page (sets the secret cookie when there is none yet). */
    csrfToken(): string;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cookies, and a CSRF token on every unsafe method. API requests that authenticate with a bearer
 * token carry no cookies, so a cross-site page cannot forge them: they are exempt.
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
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: config.isProduction ? '__Host-qm_csrf' : 'qm_csrf',
      cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.isProduction, signed: true },
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
        token = this.generateCsrf();
        tokens.set(this, token);
      }
      return token;
    });
    app.addHook('preHandler', (request, reply, done) => {
      const bearer = (request.headers.authorization ?? '').toLowerCase().startsWith('bearer ');
      if (!UNSAFE.has(request.method) || (bearer && !request.headers.cookie)) return done();
      app.csrfProtection(request, reply, done);
    });
  },
  { name: 'csrf', dependencies: ['cookies'] },
);
