import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../lib/errors.js';
import { errorList, hasErrors, type FieldErrors } from '../../lib/forms.js';
import { actorOf, requireAuth } from '../../plugins/auth.js';
import {
  parsePasswordChange,
  PASSWORD_RULES,
  THROTTLED,
  WRONG_CURRENT,
  type PasswordChangeField,
} from './password-change.form.js';
import { changePassword, passwordAccount } from './password-change.service.js';

const PAGE = '/account/password';
/** The flag /account reads to show that the password has been changed. */
const CHANGED_FLAG = 'password-changed';

/**
 * Like /account: no partnership needed, and reachable before two-factor is set up, so that someone sent
 * to set up two-factor can still change a password they think others know. Only a signed-in session:
 * an API token must not be able to change its owner's password.
 */
async function sessionOnly(request: FastifyRequest) {
  if (request.auth?.via !== 'session') {
    throw new HttpError(403, 'Sign in to the website to change your password: an API token cannot change it');
  }
}
const guard = {
  preHandler: [requireAuth({ partnershipOptional: true, allowBeforeTwoFactorSetup: true }), sessionOnly],
};

const breadcrumbs = [{ text: 'Your account', href: '/account' }];

/** Changing your own password, with the current one. */
export const passwordChangeRoutes: FastifyPluginAsync = async (app) => {
  // Passwords are never sent back into the form: after an error every field is empty again.
  const render = (reply: FastifyReply, hasPassword: boolean, errors: FieldErrors<PasswordChangeField> = {}) =>
    reply.view('accounts/password-change.njk', {
      hasPassword,
      rules: PASSWORD_RULES,
      errors,
      errorSummary: errorList(errors),
      breadcrumbs,
    });

  app.get(PAGE, guard, async (request, reply) => {
    const account = await passwordAccount(app.db, request.auth!.user.id);
    return render(reply, Boolean(account?.hasPassword));
  });

  app.post(PAGE, guard, async (request, reply) => {
    const account = await passwordAccount(app.db, request.auth!.user.id);
    // Someone who only signs in through their organisation has no password here to change.
    if (!account?.hasPassword) return render(reply.code(403), false);
    const form = parsePasswordChange(request.body, account);
    if (hasErrors(form.errors)) return render(reply.code(400), true, form.errors);
    const result = await changePassword(
      app.db,
      {
        userId: request.auth!.user.id,
        currentPassword: form.values.currentPassword,
        newPassword: form.values.newPassword,
        keepSessionIdHash: request.session?.idHash ?? null,
      },
      actorOf(request),
      app.now(),
    );
    if (result.ok) return reply.redirect(`/account?${CHANGED_FLAG}=1`, 303);
    if (result.reason === 'no-password') return render(reply.code(403), false);
    if (result.reason === 'throttled') return render(reply.code(429), true, { currentPassword: THROTTLED });
    return render(reply.code(400), true, { currentPassword: WRONG_CURRENT });
  });
};
