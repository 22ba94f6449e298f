import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../lib/errors.js';
import { errorList, hasErrors } from '../../lib/forms.js';
import { longDate } from '../../lib/uk-time.js';
import { actorOf, requireAuth } from '../../plugins/auth.js';
import { EXPIRY_CHOICES, expiryDate, parseNewToken, scopesOf, tokenRows } from './tokens.form.js';
import { createToken, listTokens, revokeToken } from './tokens.service.js';

/**
 * A person's API tokens in the partnership they are working in. Only a signed-in session may manage
 * tokens: a token that could make tokens would outlive its own revocation.
 */
async function sessionOnly(request: FastifyRequest) {
  if (request.auth?.via !== 'session') {
    throw new HttpError(403, 'Sign in to the website to manage API tokens: a token cannot manage tokens');
  }
}

const guard = { preHandler: [requireAuth(), sessionOnly] };

const breadcrumbs = [
  { text: 'Your account', href: '/account' },
  { text: 'API tokens', href: '/account/tokens' },
];

export const tokensRoutes: FastifyPluginAsync = async (app) => {
  const renderNew = (
    reply: FastifyReply,
    request: FastifyRequest,
    status: number,
    form: ReturnType<typeof parseNewToken>,
  ) =>
    reply.code(status).view('accounts/tokens-new.njk', {
      ...form,
      errorSummary: errorList(form.errors, { scopes: 'scopes', expiry: 'expiry' }),
      expiryChoices: EXPIRY_CHOICES,
      isViewer: request.auth!.role === 'viewer',
      breadcrumbs,
    });

  app.get<{ Querystring: { revoked?: string } }>('/account/tokens', guard, async (request, reply) => {
    const auth = request.auth!;
    const tokens = await listTokens(app.db, auth.organisation!.id, auth.user.id);
    return reply.view('accounts/tokens.njk', {
      tokens: tokenRows(tokens, app.now()),
      revoked: request.query.revoked === '1',
      breadcrumbs: breadcrumbs.slice(0, 1),
    });
  });

  app.get('/account/tokens/new', guard, async (request, reply) =>
    renderNew(reply, request, 200, { values: { name: '', scopes: [], expiry: '' }, errors: {} }),
  );

  app.post('/account/tokens/new', guard, async (request, reply) => {
    const auth = request.auth!;
    const form = parseNewToken(request.body, auth.role);
    if (hasErrors(form.errors)) return renderNew(reply, request, 400, form);
    const now = app.now();
    const expiresAt = expiryDate(form.values.expiry, now);
    const scopes = scopesOf(form.values);
    const { token } = await createToken(
      app.db,
      { organisationId: auth.organisation!.id, userId: auth.user.id, name: form.values.name, scopes, expiresAt },
      actorOf(request),
      now,
    );
    // Shown once: never stored by a browser or a proxy, never in a URL.
    reply.header('Cache-Control', 'no-store');
    return reply.view('accounts/tokens-created.njk', {
      token,
      name: form.values.name,
      scopes: scopes.includes('write') ? 'Read and write' : 'Read only',
      expires: expiresAt ? longDate(expiresAt) : 'Never',
      partnership: auth.organisation!.name,
      breadcrumbs,
    });
  });

  app.post<{ Params: { id: string } }>('/account/tokens/:id/revoke', guard, async (request, reply) => {
    const auth = request.auth!;
    await revokeToken(
      app.db,
      { ...actorOf(request), organisationId: auth.organisation!.id, userId: auth.user.id },
      request.params.id,
      app.now(),
    );
    return reply.redirect('/account/tokens?revoked=1', 303);
  });
};
