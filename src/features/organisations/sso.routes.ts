import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList, hasErrors, type FieldErrors } from '../../lib/forms.js';
import { actorOf, SIGNED_IN_HOME } from '../../plugins/auth.js';
import { parseSsoStart } from './sso.form.js';
import { SSO_TTL_MS, SsoProblem, decodeTransaction, encodeTransaction, type SsoReason } from './sso.identity.js';
import { SingleSignOn, recordSsoSignedIn } from './sso.service.js';

export const SSO_START_PATH = '/sign-in/single-sign-on';
export const SSO_CALLBACK_PATH = '/sign-in/single-sign-on/callback';

const TRY_AGAIN = 'Start signing in again.';
const PROBLEMS: Record<SsoReason, { status: number; title: string; message: string[] }> = {
  no_transaction: {
    status: 400,
    title: 'Your sign-in has expired',
    message: ['Signing in took longer than 10 minutes, or was started in a different browser.', TRY_AGAIN],
  },
  expired: {
    status: 400,
    title: 'Your sign-in has expired',
    message: ['Signing in took longer than 10 minutes.', TRY_AGAIN],
  },
  state_mismatch: {
    status: 400,
    title: 'There is a problem with your sign-in',
    message: ['The answer from your organisation’s sign-in page did not match the sign-in you started.', TRY_AGAIN],
  },
  not_configured: {
    status: 400,
    title: 'Single sign-on is not set up for this partnership',
    message: ['Ask an admin of your partnership to set it up, or sign in with your email address and password.'],
  },
  provider_unreachable: {
    status: 502,
    title: 'Sorry, we cannot reach your organisation’s sign-in service',
    message: ['Try again later, or sign in with your email address and password.'],
  },
  provider_refused: {
    status: 403,
    title: 'Your organisation’s sign-in service did not sign you in',
    message: ['You may have cancelled, or your account may not be allowed to use Quality Markers.'],
  },
  provider_error: {
    status: 502,
    title: 'Sorry, we could not sign you in with your organisation’s account',
    message: ['Try again later, or sign in with your email address and password.'],
  },
  no_email: {
    status: 403,
    title: 'Your organisation’s account did not give us your email address',
    message: ['Ask your partnership’s admin to check the single sign-on settings.'],
  },
  email_not_verified: {
    status: 403,
    title: 'Your email address has not been verified',
    message: ['Your organisation’s sign-in service says your email address is not verified yet.'],
  },
  domain_not_allowed: {
    status: 403,
    title: 'You cannot use this account to sign in to this partnership',
    message: [
      'Your email address is not one this partnership allows for single sign-on.',
      'Ask your partnership’s admin if you think it should be.',
    ],
  },
  membership_disabled: {
    status: 403,
    title: 'Your access to this partnership has been turned off',
    message: ['Ask an admin of the partnership if you think this is wrong.'],
  },
  other_partnerships: {
    status: 403,
    title: 'Sign in with your email address and password',
    message: [
      'Your account is also used in another partnership, so this partnership’s single sign-on cannot sign you in.',
    ],
  },
};

/** Signing in with a partnership's identity provider (OpenID Connect, authorization code flow with PKCE). */
export const ssoRoutes: FastifyPluginAsync = async (app) => {
  const redirectUri = `${app.config.publicUrl}${SSO_CALLBACK_PATH}`;
  const sso = new SingleSignOn(app.db, {
    redirectUri,
    allowHttpLoopback: !app.config.isProduction,
    secretBox: app.secretBox,
  });
  const cookieName = app.config.isProduction ? '__Host-qm_sso' : 'qm_sso';
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: app.config.isProduction };

  function problem(reply: FastifyReply, error: SsoProblem) {
    const { status, title, message } = PROBLEMS[error.reason];
    const cause = error.cause instanceof Error ? error.cause : undefined;
    reply.request.log.warn(
      { reason: error.reason, cause: cause && { name: cause.name, code: (cause as { code?: unknown }).code } },
      cause ? `single sign-on refused: ${cause.message}` : 'single sign-on refused',
    );
    return reply.code(status).view('organisations/sso-problem.njk', { title, message });
  }

  async function startPage(reply: FastifyReply, status: number, partnership: string, errors: FieldErrors) {
    const partnerships = await sso.partnerships();
    // The form posts here and is redirected to the provider: CSP form-action must allow its origin too.
    const origins = sso.formActionOrigins(partnerships.map((p) => p.oidc_issuer));
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string' && origins.length) {
      reply.header(
        'content-security-policy',
        csp.replace("form-action 'self'", `form-action 'self' ${origins.join(' ')}`),
      );
    }
    return reply.code(status).view('organisations/sso-start.njk', {
      partnerships: partnerships.map(({ slug, name }) => ({ slug, name })),
      values: { partnership },
      errors,
      errorSummary: errorList(errors),
    });
  }

  app.get<{ Querystring: { partnership?: string } }>(SSO_START_PATH, async (request, reply) => {
    if (request.auth) return reply.redirect(SIGNED_IN_HOME, 303);
    const partnership = typeof request.query.partnership === 'string' ? request.query.partnership : '';
    return startPage(reply, 200, partnership, {});
  });

  app.post(SSO_START_PATH, async (request, reply) => {
    const partnerships = await sso.partnerships();
    const form = parseSsoStart(
      request.body,
      partnerships.map((p) => p.slug),
    );
    if (hasErrors(form.errors)) return startPage(reply, 400, form.values.partnership, form.errors);
    try {
      const { url, transaction } = await sso.start(form.values.partnership, app.now());
      reply.setCookie(cookieName, encodeTransaction(transaction), {
        ...cookieOptions,
        signed: true,
        maxAge: SSO_TTL_MS / 1000,
      });
      return reply.redirect(url, 303);
    } catch (error) {
      if (error instanceof SsoProblem) return problem(reply, error);
      throw error;
    }
  });

  app.get(SSO_CALLBACK_PATH, async (request, reply) => {
    const raw = request.cookies[cookieName];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    const transaction = unsigned?.valid ? decodeTransaction(unsigned.value) : null;
    if (raw) reply.clearCookie(cookieName, cookieOptions); // one attempt per transaction
    const callbackUrl = new URL(redirectUri);
    callbackUrl.search = request.url.split('?')[1] ?? '';
    const { userId: _ignored, organisationId: _none, ...requester } = actorOf(request);
    try {
      const result = await sso.finish(transaction, callbackUrl, requester, app.now());
      await reply.startSession(result.userId, result.organisationId, false);
      await recordSsoSignedIn(
        app.db,
        { ...requester, userId: result.userId, organisationId: result.organisationId },
        app.now(),
      );
      return reply.redirect(SIGNED_IN_HOME, 303);
    } catch (error) {
      if (error instanceof SsoProblem) return problem(reply, error);
      throw error;
    }
  });
};
