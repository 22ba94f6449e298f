import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { errorList, hasErrors } from '../../lib/forms.js';
import { actorOf, hasBearer, isApi, requireAuth, SIGNED_IN_HOME } from '../../plugins/auth.js';
import { safeNext } from '../../lib/safe-redirect.js';
import { parsePartnershipChoice, parseSignIn } from './accounts.form.js';
import {
  getUser,
  membershipsOf,
  recordPartnershipChosen,
  recordSignedIn,
  recordSignedOut,
  signIn,
} from './accounts.service.js';
import { authFromSession, authFromToken } from './auth.service.js';

/** Who is asking (session or bearer token), for every request; then sign-in, sign-out and partnership choice. */
export const accountsRoutes: FastifyPluginAsync = fp(
  async (app) => {
    app.addHook('onRequest', async (request) => {
      // The auth plugin has already refused a bearer token anywhere but the API.
      if (hasBearer(request) && isApi(request)) {
        const { ip, userAgent } = actorOf(request);
        const token = request.headers.authorization!.slice(7).trim();
        request.auth = await authFromToken(app.db, token, { ip, userAgent }, app.now());
      } else if (request.session) {
        request.auth = await authFromSession(app.db, request.session);
      }
    });

    app.get<{ Querystring: { next?: string; 'signed-out'?: string; 'timed-out'?: string } }>(
      '/sign-in',
      async (request, reply) => {
        if (request.auth) return reply.redirect(safeNext(request.query.next, SIGNED_IN_HOME), 303);
        return reply.view('accounts/sign-in.njk', {
          values: {},
          errors: {},
          next: safeNext(request.query.next, ''),
          signedOut: request.query['signed-out'] === '1',
          timedOut: request.sessionExpired || request.query['timed-out'] === '1',
        });
      },
    );

    app.post('/sign-in', async (request, reply) => {
      const form = parseSignIn(request.body);
      const next = safeNext((request.body as Record<string, unknown>)?.next, '');
      const render = (status: number, errors: Record<string, string>) =>
        reply.code(status).view('accounts/sign-in.njk', {
          values: { email: form.values.email },
          errors,
          errorSummary: errorList(errors),
          next,
        });
      if (hasErrors(form.errors)) return render(400, form.errors);
      const result = await signIn(app.db, form.values.email, form.values.password, actorOf(request), app.now());
      if (!result.ok) {
        if (result.reason === 'address-throttled') {
          return render(429, {
            email: 'Too many failed attempts to sign in from your network. Wait 15 minutes, then try again',
          });
        }
        return result.reason === 'throttled'
          ? render(429, {
              email: 'Too many failed attempts to sign in with this email address. Wait 5 minutes, then try again',
            })
          : render(401, { email: 'Enter a correct email address and password' });
      }
      await reply.startSession(result.userId, result.organisationId, result.needsSecondFactor);
      if (result.needsSecondFactor)
        return reply.redirect(`/sign-in/two-factor${next ? `?next=${encodeURIComponent(next)}` : ''}`, 303);
      await recordSignedIn(
        app.db,
        { ...actorOf(request), userId: result.userId, organisationId: result.organisationId },
        app.now(),
      );
      if (result.needsTwoFactorSetup) return reply.redirect('/account/two-factor', 303);
      return reply.redirect(result.organisationId ? next || SIGNED_IN_HOME : '/partnerships', 303);
    });

    app.post('/sign-out', async (request, reply) => {
      if (request.session) {
        await recordSignedOut(app.db, actorOf(request), app.now());
        await reply.endSession();
      }
      // Nothing of the session stays in the browser: cookies, and anything a page kept in storage.
      reply.header('Clear-Site-Data', '"cookies", "storage"');
      return reply.redirect('/sign-in?signed-out=1', 303);
    });

    app.get('/partnerships', { preHandler: requireAuth({ partnershipOptional: true }) }, async (request, reply) => {
      const memberships = await membershipsOf(app.db, request.auth!.user.id);
      return reply.view('accounts/partnerships.njk', {
        memberships,
        values: { partnership: request.auth!.organisation?.slug },
        errors: {},
      });
    });

    app.post('/partnerships', { preHandler: requireAuth({ partnershipOptional: true }) }, async (request, reply) => {
      const memberships = await membershipsOf(app.db, request.auth!.user.id);
      const form = parsePartnershipChoice(
        request.body,
        memberships.map((m) => m.slug),
      );
      if (hasErrors(form.errors)) {
        return reply.code(400).view('accounts/partnerships.njk', {
          memberships,
          ...form,
          errorSummary: errorList(form.errors, { partnership: `partnership-${memberships[0]?.slug}` }),
        });
      }
      const chosen = memberships.find((m) => m.slug === form.values.partnership)!;
      await reply.updateSession({ organisationId: chosen.organisation_id });
      await recordPartnershipChosen(app.db, { ...actorOf(request), organisationId: chosen.organisation_id }, app.now());
      return reply.redirect(SIGNED_IN_HOME, 303);
    });

    app.get<{ Querystring: { 'password-changed'?: string } }>(
      '/account',
      { preHandler: requireAuth({ partnershipOptional: true, allowBeforeTwoFactorSetup: true }) },
      async (request, reply) => {
        const auth = request.auth!;
        const [user, memberships] = await Promise.all([
          getUser(app.db, auth.user.id),
          membershipsOf(app.db, auth.user.id),
        ]);
        return reply.view('accounts/account.njk', {
          user,
          memberships,
          twoFactorOn: Boolean(user?.totp_enabled_at),
          hasPassword: Boolean(user?.password_hash),
          // Set by /account/password after a change (password-change.routes.ts).
          passwordChanged: request.query['password-changed'] === '1',
        });
      },
    );
  },
  { name: 'accounts', dependencies: ['session', 'auth'] },
);
