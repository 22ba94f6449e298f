import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { HttpError } from '../../lib/errors.js';
import { errorList, hasErrors } from '../../lib/forms.js';
import { actorOf } from '../../plugins/auth.js';
import { parseForgottenPassword, parseNewPassword } from './password-reset.form.js';
import { findReset, requestPasswordReset, resetPassword, RESET_EXPIRED } from './password-reset.service.js';

type TokenParams = { Params: { token: string } };

const expired = (reply: FastifyReply) =>
  reply.code(410).view('accounts/password-reset-expired.njk', { title: RESET_EXPIRED });

/** Forgotten password (email link when mail is set up) and choosing a new password from a one-time link. */
export const passwordResetRoutes: FastifyPluginAsync = async (app) => {
  app.get('/sign-in/forgotten-password', async (_request, reply) =>
    reply.view('accounts/forgotten-password.njk', { mailEnabled: app.mailer.enabled, values: {}, errors: {} }),
  );

  app.post('/sign-in/forgotten-password', async (request, reply) => {
    if (!app.mailer.enabled) return reply.redirect('/sign-in/forgotten-password', 303);
    const form = parseForgottenPassword(request.body);
    if (hasErrors(form.errors)) {
      return reply.code(400).view('accounts/forgotten-password.njk', {
        mailEnabled: true,
        ...form,
        errorSummary: errorList(form.errors),
      });
    }
    const mail = await requestPasswordReset(
      app.db,
      form.values.email,
      app.config.publicUrl,
      actorOf(request),
      app.now(),
    );
    // Sent in the background: the answer takes as long whether or not the account exists.
    if (mail) app.mailer.send(mail).catch((err) => request.log.error({ err }, 'password reset email not sent'));
    return reply.redirect('/sign-in/forgotten-password/sent', 303);
  });

  app.get('/sign-in/forgotten-password/sent', async (_request, reply) =>
    reply.view('accounts/forgotten-password-sent.njk'),
  );

  app.get('/password-reset/done', async (_request, reply) => reply.view('accounts/password-reset-done.njk'));

  app.get<TokenParams>('/password-reset/:token', async (request, reply) => {
    const reset = await findReset(app.db, request.params.token, app.now());
    if (!reset) return expired(reply);
    return reply.view('accounts/password-reset.njk', { token: request.params.token, errors: {} });
  });

  app.post<TokenParams>('/password-reset/:token', async (request, reply) => {
    const { token } = request.params;
    const reset = await findReset(app.db, token, app.now());
    if (!reset) return expired(reply);
    const form = parseNewPassword(request.body, reset.user.email);
    if (hasErrors(form.errors)) {
      return reply
        .code(400)
        .view('accounts/password-reset.njk', { token, errors: form.errors, errorSummary: errorList(form.errors) });
    }
    let user;
    try {
      user = await resetPassword(app.db, token, form.values.password, actorOf(request), app.now());
    } catch (err) {
      if (err instanceof HttpError && err.statusCode === 410) return expired(reply);
      throw err;
    }
    // Every session of the person has ended; clear this browser's cookie too if it was one of them.
    if (request.session?.userId === user.id) await reply.endSession();
    return reply.redirect('/password-reset/done', 303);
  });
};
