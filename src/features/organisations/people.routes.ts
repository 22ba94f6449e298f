import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../../lib/errors.js';
import { errorList, hasErrors } from '../../lib/forms.js';
import { actorOf, requireAuth, SIGNED_IN_HOME } from '../../plugins/auth.js';
import { parseInvite, parseRole } from './people.form.js';
import {
  changePersonRole,
  disablePerson,
  enablePerson,
  getPerson,
  invitePerson,
  listPeople,
  makeResetLink,
  ROLE_OPTIONS,
} from './people.service.js';

type PersonParams = { Params: { userId: string } };

const adminOnly = { preHandler: requireAuth({ roles: ['admin'] }) };

const DONE: Record<string, string> = {
  role: 'Role changed.',
  disabled: 'Account disabled. They have been signed out of this partnership.',
  enabled: 'Account enabled. They can sign in to this partnership again.',
  'reset-sent': 'Password reset link sent. It works once and expires in 24 hours.',
};

/** Everything is scoped to the admin's own partnership: never an organisation id from the request. */
function adminActor(request: FastifyRequest) {
  const auth = request.auth!;
  return { ...actorOf(request), userId: auth.user.id, organisationId: auth.organisation!.id };
}

/** A conflict the person can act on (the last admin, disabling yourself) is shown on the page, not as an error page. */
function conflict(err: unknown): string | undefined {
  return err instanceof HttpError && err.statusCode === 409 ? err.message : undefined;
}

/** The partnership's people, for its admins: invite, change role, disable and enable, reset links. */
export const peopleRoutes: FastifyPluginAsync = async (app) => {
  async function renderPerson(
    request: FastifyRequest<PersonParams>,
    reply: FastifyReply,
    opts: { status?: number; errors?: Record<string, string>; values?: { role?: string }; done?: string } = {},
  ) {
    const person = await getPerson(app.db, request.auth!.organisation!.id, request.params.userId);
    const errors = opts.errors ?? {};
    return reply.code(opts.status ?? 200).view('organisations/people-person.njk', {
      person,
      isSelf: person.userId === request.auth!.user.id,
      roles: ROLE_OPTIONS,
      values: { role: opts.values?.role ?? person.role },
      errors,
      errorSummary: errorList(errors),
      done: opts.done ? DONE[opts.done] : undefined,
      mailEnabled: app.mailer.enabled,
    });
  }

  app.get<{ Querystring: { invited?: string } }>('/admin/people', adminOnly, async (request, reply) =>
    reply.view('organisations/people.njk', {
      people: await listPeople(app.db, request.auth!.organisation!.id),
      invited: request.query.invited === '1',
    }),
  );

  app.get('/admin/people/invite', adminOnly, async (_request, reply) =>
    reply.view('organisations/people-invite.njk', { roles: ROLE_OPTIONS, values: {}, errors: {} }),
  );

  app.post('/admin/people/invite', adminOnly, async (request, reply) => {
    const form = parseInvite(request.body);
    const render = (errors: Record<string, string>) =>
      reply.code(400).view('organisations/people-invite.njk', {
        roles: ROLE_OPTIONS,
        values: form.values,
        errors,
        errorSummary: errorList(errors),
      });
    if (hasErrors(form.errors) || !form.values.role) return render(form.errors);
    const auth = request.auth!;
    const result = await invitePerson(
      app.db,
      { ...adminActor(request), name: auth.user.name, organisationName: auth.organisation!.name },
      { name: form.values.name, email: form.values.email, role: form.values.role },
      app.config.publicUrl,
      app.now(),
    );
    if (!result.ok) return render(result.errors);
    let mailFailed = false;
    if (app.mailer.enabled) {
      try {
        await app.mailer.send(result.mail);
        return reply.redirect('/admin/people?invited=1', 303);
      } catch (err) {
        request.log.error({ err }, 'invitation email not sent');
        mailFailed = true;
      }
    }
    // The link exists only now (only its hash is kept), so this page is the POST's answer, not a redirect.
    return reply.view('organisations/people-link.njk', {
      kind: 'invite',
      url: result.url,
      person: { name: form.values.name, email: result.mail.to },
      mailFailed,
    });
  });

  app.get<PersonParams & { Querystring: { done?: string } }>(
    '/admin/people/:userId',
    adminOnly,
    async (request, reply) => renderPerson(request, reply, { done: request.query.done }),
  );

  app.post<PersonParams>('/admin/people/:userId/role', adminOnly, async (request, reply) => {
    const form = parseRole(request.body);
    if (!form.values.role) return renderPerson(request, reply, { status: 400, errors: { role: 'Select a role' } });
    try {
      await changePersonRole(app.db, adminActor(request), request.params.userId, form.values.role, app.now());
    } catch (err) {
      const message = conflict(err);
      if (!message) throw err;
      return renderPerson(request, reply, { status: 409, errors: { role: message }, values: form.values });
    }
    // An admin who gave up their own admin role can no longer see these pages.
    if (request.params.userId === request.auth!.user.id && form.values.role !== 'admin') {
      return reply.redirect(SIGNED_IN_HOME, 303);
    }
    return reply.redirect(`/admin/people/${request.params.userId}?done=role`, 303);
  });

  app.get<PersonParams>('/admin/people/:userId/disable', adminOnly, async (request, reply) => {
    const person = await getPerson(app.db, request.auth!.organisation!.id, request.params.userId);
    if (person.disabled) return reply.redirect(`/admin/people/${person.userId}`, 303);
    return reply.view('organisations/people-disable.njk', { person });
  });

  app.post<PersonParams>('/admin/people/:userId/disable', adminOnly, async (request, reply) => {
    try {
      await disablePerson(app.db, adminActor(request), request.params.userId, app.now());
    } catch (err) {
      const message = conflict(err);
      if (!message) throw err;
      return renderPerson(request, reply, { status: 409, errors: { disable: message } });
    }
    return reply.redirect(`/admin/people/${request.params.userId}?done=disabled`, 303);
  });

  app.post<PersonParams>('/admin/people/:userId/enable', adminOnly, async (request, reply) => {
    await enablePerson(app.db, adminActor(request), request.params.userId, app.now());
    return reply.redirect(`/admin/people/${request.params.userId}?done=enabled`, 303);
  });

  app.post<PersonParams>('/admin/people/:userId/password-reset', adminOnly, async (request, reply) => {
    let link;
    try {
      link = await makeResetLink(app.db, adminActor(request), request.params.userId, app.config.publicUrl, app.now());
    } catch (err) {
      const message = conflict(err);
      if (!message) throw err;
      return renderPerson(request, reply, { status: 409, errors: { reset: message } });
    }
    let mailFailed = false;
    if (app.mailer.enabled) {
      try {
        await app.mailer.send(link.mail);
        return reply.redirect(`/admin/people/${request.params.userId}?done=reset-sent`, 303);
      } catch (err) {
        request.log.error({ err }, 'password reset email not sent');
        mailFailed = true;
      }
    }
    const person = await getPerson(app.db, request.auth!.organisation!.id, request.params.userId);
    return reply.view('organisations/people-link.njk', { kind: 'reset', url: link.url, person, mailFailed });
  });
};
