import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { HttpError } from '../../lib/errors.js';
import { errorList, hasErrors } from '../../lib/forms.js';
import { actorOf, SIGNED_IN_HOME } from '../../plugins/auth.js';
import { parseAcceptance } from './invitation.form.js';
import { acceptInvitation, findInvitation, INVITATION_EXPIRED } from './invitation.service.js';

/** A newly invited person lands on "Your work", told which reviews they are on. */
const WELCOME = `${SIGNED_IN_HOME}?welcome=1`;

type TokenParams = { Params: { token: string } };

const expired = (reply: FastifyReply) =>
  reply.code(410).view('organisations/invitation-expired.njk', { title: INVITATION_EXPIRED });

/** Accepting an invitation: a new person creates their account; someone with one accepts, then signs in. */
export const invitationRoutes: FastifyPluginAsync = async (app) => {
  app.get('/invitations/accepted', async (_request, reply) => reply.view('organisations/invitation-accepted.njk'));

  app.get<TokenParams>('/invitations/:token', async (request, reply) => {
    const invitation = await findInvitation(app.db, request.params.token, app.now());
    if (!invitation) return expired(reply);
    return reply.view('organisations/invitation.njk', {
      invitation,
      token: request.params.token,
      values: { name: invitation.name },
      errors: {},
    });
  });

  app.post<TokenParams>('/invitations/:token', async (request, reply) => {
    const { token } = request.params;
    const invitation = await findInvitation(app.db, token, app.now());
    if (!invitation) return expired(reply);
    let details: { name: string; password: string } | undefined;
    if (!invitation.hasAccount) {
      const form = parseAcceptance(request.body, invitation.email);
      if (hasErrors(form.errors)) {
        return reply.code(400).view('organisations/invitation.njk', {
          invitation,
          token,
          values: { name: form.values.name },
          errors: form.errors,
          errorSummary: errorList(form.errors),
        });
      }
      details = form.values;
    }
    let accepted;
    try {
      accepted = await acceptInvitation(app.db, token, details, actorOf(request), app.now());
    } catch (err) {
      if (err instanceof HttpError && err.statusCode === 410) return expired(reply);
      throw err;
    }
    if (accepted.newAccount) {
      await reply.startSession(accepted.userId, accepted.organisationId, false);
      return reply.redirect(accepted.twoFactorSetupRequired ? '/account/two-factor' : WELCOME, 303);
    }
    if (request.auth?.user.id === accepted.userId && request.session) {
      await reply.updateSession({ organisationId: accepted.organisationId });
      return reply.redirect(WELCOME, 303);
    }
    return reply.redirect('/invitations/accepted', 303);
  });
};
