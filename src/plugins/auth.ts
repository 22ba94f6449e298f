import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../db/schema.js';
import { HttpError } from '../lib/errors.js';

/**
 * Who is asking, and guards for routes. The accounts feature fills `request.auth` from the session
 * or a bearer token; routes declare what they need with `requireAuth`. Deny by default: a route with
 * no guard is public, and the authorisation matrix test lists every route and who may reach it.
 */

export type Scope = 'read' | 'write';

/**
 * Who did something, and from where: the request facts every audit event carries. Types only, so a
 * service may import them without importing Fastify.
 */
export interface Actor {
  userId: string | null;
  organisationId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** Someone acting in a partnership: who, where from, and their role in the partnership. */
export interface PartnershipActor extends Actor {
  userId: string;
  organisationId: string;
  partnershipRole: Role;
}

export interface AuthContext {
  user: { id: string; email: string; name: string };
  /** The partnership the person is working in; null until they choose one. */
  organisation: { id: string; slug: string; name: string } | null;
  role: Role | null;
  via: 'session' | 'token';
  /** Token scopes; a session has both. */
  scopes: Scope[];
  tokenId?: string;
  /** Admins, and everyone where the partnership requires it, must set up two-factor before anything else. */
  twoFactorSetupRequired?: boolean;
  /** Whether the navigation links to the referral register: set for pages by features/referrals/navigation.ts. */
  mayOpenReferrals?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export interface RequireOptions {
  /** Roles allowed; default any member of the partnership. */
  roles?: Role[];
  /** Signed in but no partnership chosen yet is enough (account pages). */
  partnershipOptional?: boolean;
  /** The pages that set up two-factor are reachable before it is set up. */
  allowBeforeTwoFactorSetup?: boolean;
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

export function atLeast(role: Role): Role[] {
  return (Object.keys(RANK) as Role[]).filter((r) => RANK[r] >= RANK[role]);
}

/** The JSON API: the only place a bearer token is accepted. */
/** Where a signed-in person with a partnership starts: "Your work". */
export const SIGNED_IN_HOME = '/work';

export const API_PREFIX = '/api/v1';

/**
 * Whether the request is for the JSON API. The matched route's pattern decides when there is one (the
 * router may have decoded the URL); an unmatched URL (a 404) is judged by its path.
 */
export function isApi(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? request.url.split('?')[0]!;
  return path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
}

/** Whether the request names a bearer token (valid or not) in its Authorization header. */
export function hasBearer(request: FastifyRequest): boolean {
  return /^bearer(\s|$)/i.test(request.headers.authorization ?? '');
}

/** A preHandler that lets through only people allowed by the options. */
export function requireAuth(options: RequireOptions = {}): preHandlerAsyncHookHandler {
  return async function (request: FastifyRequest, reply: FastifyReply) {
    const auth = request.auth;
    if (!auth) {
      if (isApi(request)) throw new HttpError(401, 'Authentication required: send a bearer token');
      const query = new URLSearchParams();
      if (request.method === 'GET') query.set('next', request.url);
      if (request.sessionExpired) query.set('timed-out', '1');
      const qs = query.toString();
      return reply.redirect(`/sign-in${qs ? `?${qs}` : ''}`, 303);
    }
    if (auth.via === 'token' && !['GET', 'HEAD'].includes(request.method) && !auth.scopes.includes('write')) {
      throw new HttpError(403, 'This token is read-only: it needs the write scope');
    }
    if (auth.twoFactorSetupRequired && !options.allowBeforeTwoFactorSetup) {
      if (isApi(request)) throw new HttpError(403, 'Set up two-factor authentication first');
      return reply.redirect('/account/two-factor', 303);
    }
    if (!options.partnershipOptional && !auth.organisation) {
      if (isApi(request)) throw new HttpError(403, 'No partnership');
      return reply.redirect('/partnerships', 303);
    }
    if (options.roles && (!auth.role || !options.roles.includes(auth.role))) {
      throw new HttpError(403, 'You do not have permission to do that');
    }
  };
}

export default fp(
  async (app) => {
    app.decorateRequest('auth', null);
    // Bearer tokens are for the API only. A page (an HTML route, public ones included) that is sent one
    // is refused whatever else the request carries: a token has no second factor, so it must never open
    // the pages a signed-in person sees, partnership administration above all.
    app.addHook('onRequest', async (request) => {
      if (hasBearer(request) && !isApi(request)) {
        throw new HttpError(401, `Bearer tokens work only for the API (${API_PREFIX}); sign in to use this page`);
      }
    });
    // Signed-in pages must never be stored by a browser or proxy cache.
    app.addHook('onSend', async (request, reply) => {
      // Static assets are the same for everyone and keep their long cache lifetime.
      if ((request.auth || request.session) && !request.url.startsWith('/assets/')) {
        reply.header('Cache-Control', 'no-store');
      }
    });
  },
  { name: 'auth', dependencies: ['session'] },
);

/** The request facts an audit event records about who acted. */
export function actorOf(request: FastifyRequest): Actor {
  return {
    userId: request.auth?.user.id ?? request.session?.userId ?? null,
    organisationId: request.auth?.organisation?.id ?? request.session?.organisationId ?? null,
    ip: request.ip ?? null,
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
  };
}

/** The signed-in person acting in their partnership (after requireAuth()), with the request facts. */
export function partnershipActor(request: FastifyRequest): PartnershipActor {
  const auth = request.auth;
  if (!auth?.organisation || !auth.role) throw new HttpError(401, 'Sign in and choose a partnership');
  return {
    ...actorOf(request),
    userId: auth.user.id,
    organisationId: auth.organisation.id,
    partnershipRole: auth.role,
  };
}
