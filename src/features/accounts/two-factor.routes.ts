import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { errorList, hasErrors } from '../../lib/forms.js';
import { actorOf, requireAuth, SIGNED_IN_HOME } from '../../plugins/auth.js';
import { safeNext } from '../../lib/safe-redirect.js';
import { recordSignedIn } from './accounts.service.js';
import { parseAnyCode, parseAppCode, THROTTLED, usesRecoveryCode, wrongCodeMessage } from './two-factor.form.js';
import {
  regenerateRecoveryCodes,
  setupTwoFactor,
  turnOffTwoFactor,
  turnOnTwoFactor,
  twoFactorStatus,
  verifySecondFactor,
  type RequiredBy,
} from './two-factor.service.js';

const PAGE = '/account/two-factor';
const SIGN_IN_STEP = '/sign-in/two-factor';
/** Reachable before two-factor is set up (this is where people set it up), and without a partnership. */
const accountGuard = { preHandler: requireAuth({ partnershipOptional: true, allowBeforeTwoFactorSetup: true }) };

type Errors = Record<string, string>;
type Confirm = 'recovery-codes' | 'turn-off';
type CodeQuery = { Querystring: { method?: string; next?: string; 'turned-off'?: string } };

const withErrors = (errors: Errors) => ({ errors, errorSummary: errorList(errors) });

/** Setting up, confirming and turning off two-factor authentication; the second step of signing in. */
export const twoFactorRoutes: FastifyPluginAsync = async (app) => {
  // ---- Your account: two-factor ----

  app.get<CodeQuery>(PAGE, accountGuard, async (request, reply) => {
    const auth = request.auth!;
    const status = await twoFactorStatus(app.db, auth.user.id);
    if (status.on) return reply.view('accounts/two-factor-on.njk', { status });
    const setup = await setupTwoFactor(app.db, app.secretBox, auth.user.id, true, app.now());
    return reply.view('accounts/two-factor-setup.njk', {
      setup,
      values: {},
      errors: {},
      required: auth.twoFactorSetupRequired,
      turnedOff: request.query['turned-off'] === '1',
    });
  });

  app.post(PAGE, accountGuard, async (request, reply) => {
    const auth = request.auth!;
    const form = parseAppCode(request.body);
    const render = async (status: number, errors: Errors) => {
      const setup = await setupTwoFactor(app.db, app.secretBox, auth.user.id, false, app.now());
      if (!setup) return reply.redirect(PAGE, 303);
      return reply.code(status).view('accounts/two-factor-setup.njk', {
        setup,
        values: form.values,
        required: auth.twoFactorSetupRequired,
        ...withErrors(errors),
      });
    };
    if (hasErrors(form.errors)) return render(400, form.errors);
    const result = await turnOnTwoFactor(
      app.db,
      app.secretBox,
      auth.user.id,
      form.values.code,
      actorOf(request),
      app.now(),
    );
    if (!result.ok) {
      return result.reason === 'already-on'
        ? reply.redirect(PAGE, 303)
        : render(400, { code: wrongCodeMessage(false) });
    }
    return reply.view('accounts/two-factor-codes.njk', {
      recoveryCodes: result.recoveryCodes,
      turnedOn: true,
      // Sent here straight after signing in, they carry on to where signing in lands; others go back.
      continueTo: !auth.twoFactorSetupRequired ? '/account' : auth.organisation ? SIGNED_IN_HOME : '/partnerships',
    });
  });

  // New recovery codes and turning off each ask for a current code, on a page of their own.
  const renderConfirm = (
    reply: FastifyReply,
    action: Confirm,
    context: { values?: { code?: string }; recovery?: boolean; errors?: Errors; requiredBy?: RequiredBy } = {},
  ) =>
    reply.view('accounts/two-factor-confirm.njk', {
      action,
      values: context.values ?? {},
      recovery: context.recovery ?? false,
      requiredBy: context.requiredBy ?? [],
      ...withErrors(context.errors ?? {}),
    });

  const confirmGet = (action: Confirm) =>
    app.get<CodeQuery>(`${PAGE}/${action}`, accountGuard, async (request, reply) => {
      const status = await twoFactorStatus(app.db, request.auth!.user.id);
      if (!status.on) return reply.redirect(PAGE, 303);
      return renderConfirm(reply, action, {
        recovery: usesRecoveryCode(request.query),
        requiredBy: action === 'turn-off' ? status.requiredBy : [],
      });
    });
  confirmGet('recovery-codes');
  confirmGet('turn-off');

  app.post(`${PAGE}/recovery-codes`, accountGuard, async (request, reply) => {
    const form = parseAnyCode(request.body);
    const { recovery } = form.values;
    if (hasErrors(form.errors)) {
      return renderConfirm(reply.code(400), 'recovery-codes', { ...form, recovery, errors: form.errors });
    }
    const userId = request.auth!.user.id;
    const result = await regenerateRecoveryCodes(
      app.db,
      app.secretBox,
      userId,
      form.values.code,
      actorOf(request),
      app.now(),
    );
    if (result.ok) {
      return reply.view('accounts/two-factor-codes.njk', { recoveryCodes: result.recoveryCodes, continueTo: PAGE });
    }
    if (result.reason === 'off') return reply.redirect(PAGE, 303);
    const [status, message] = result.reason === 'throttled' ? [429, THROTTLED] : [400, wrongCodeMessage(recovery)];
    return renderConfirm(reply.code(status), 'recovery-codes', { ...form, recovery, errors: { code: message } });
  });

  app.post(`${PAGE}/turn-off`, accountGuard, async (request, reply) => {
    const userId = request.auth!.user.id;
    const form = parseAnyCode(request.body);
    const { recovery } = form.values;
    if (hasErrors(form.errors)) {
      const status = await twoFactorStatus(app.db, userId);
      if (!status.on) return reply.redirect(PAGE, 303);
      if (status.requiredBy.length) return renderConfirm(reply.code(403), 'turn-off', status);
      return renderConfirm(reply.code(400), 'turn-off', { ...form, recovery, errors: form.errors });
    }
    const result = await turnOffTwoFactor(app.db, app.secretBox, userId, form.values.code, actorOf(request), app.now());
    if (result.ok) return reply.redirect(`${PAGE}?turned-off=1`, 303);
    if (result.reason === 'off') return reply.redirect(PAGE, 303);
    if (result.reason === 'required') return renderConfirm(reply.code(403), 'turn-off', result);
    const [status, message] = result.reason === 'throttled' ? [429, THROTTLED] : [400, wrongCodeMessage(recovery)];
    return renderConfirm(reply.code(status), 'turn-off', { ...form, recovery, errors: { code: message } });
  });

  // ---- Signing in: the second step, after a correct password ----

  const pending = (request: FastifyRequest) => Boolean(request.session?.secondFactorPending);

  app.get<CodeQuery>(SIGN_IN_STEP, async (request, reply) => {
    if (!pending(request)) return reply.redirect('/sign-in', 303);
    return reply.view('accounts/two-factor-sign-in.njk', {
      values: {},
      errors: {},
      recovery: usesRecoveryCode(request.query),
      next: safeNext(request.query.next, ''),
    });
  });

  app.post(SIGN_IN_STEP, async (request, reply) => {
    if (!pending(request)) return reply.redirect('/sign-in', 303);
    const session = request.session!;
    const next = safeNext((request.body as Record<string, unknown> | undefined)?.next, '');
    const form = parseAnyCode(request.body);
    const { recovery } = form.values;
    const render = (status: number, errors: Errors) =>
      reply
        .code(status)
        .view('accounts/two-factor-sign-in.njk', { values: form.values, recovery, next, ...withErrors(errors) });
    if (hasErrors(form.errors)) return render(400, form.errors);
    const result = await verifySecondFactor(
      app.db,
      app.secretBox,
      session.userId,
      form.values.code,
      actorOf(request),
      app.now(),
    );
    if (!result.ok) {
      return result.reason === 'throttled'
        ? render(429, { code: THROTTLED })
        : render(401, { code: wrongCodeMessage(recovery) });
    }
    await reply.updateSession({ secondFactorPending: false });
    await recordSignedIn(app.db, actorOf(request), app.now());
    return reply.redirect(session.organisationId ? next || SIGNED_IN_HOME : '/partnerships', 303);
  });
};
