import type { FastifyPluginAsync } from 'fastify';
import { errorList, hasErrors } from '../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { authorize } from './policy.js';
import { REVIEW_ROLES } from './reviews.options.js';
import { parseAddMember, parseRole, ROLE_ITEMS } from './team.form.js';
import { addMember, changeMemberRole, manageTeamPage, removeMember, teamMember, teamPage } from './team.service.js';

type IdParams = { id: string };
type MemberParams = { id: string; memberId: string };

const DONE: Record<string, string> = {
  added: 'Added to the team.',
  role: 'Role changed.',
  removed: 'Removed from the team.',
};

/** A team form shown again with what was chosen and why it was refused. */
const refused = <Page extends object>(page: Page, values: object, errors: Record<string, string>) => ({
  ...page,
  roles: REVIEW_ROLES,
  roleItems: ROLE_ITEMS,
  values,
  errors,
  errorSummary: errorList(errors),
});

/** A review's team: everyone on it sees it; admins, chairs and business managers change it. */
export const teamRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const roles = REVIEW_ROLES;

  app.get<{ Params: IdParams; Querystring: { done?: string } }>('/reviews/:id/team', guard, async (request, reply) => {
    const page = await teamPage(app.db, partnershipActor(request), request.params.id);
    return reply.view('reviews/team.njk', {
      ...page,
      roles,
      roleItems: ROLE_ITEMS,
      values: {},
      errors: {},
      done: DONE[request.query.done ?? ''],
    });
  });

  app.post<{ Params: IdParams }>('/reviews/:id/team', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const page = await manageTeamPage(app.db, actor, request.params.id);
    const form = parseAddMember(
      request.body,
      page.candidates.map((c) => c.user_id),
    );
    const render = (errors: Record<string, string>) =>
      reply.code(400).view('reviews/team.njk', refused(page, form.values, errors));
    if (hasErrors(form.errors) || !form.role) return render(form.errors);
    const result = await addMember(
      app.db,
      actor,
      page.review.id,
      { userId: form.values.person, role: form.role },
      app.now(),
    );
    if (!result.ok) return render({ person: result.error });
    return reply.redirect(`/reviews/${page.review.id}/team?done=added`, 303);
  });

  app.get<{ Params: MemberParams }>('/reviews/:id/team/:memberId/role', guard, async (request, reply) => {
    const page = await teamMember(app.db, partnershipActor(request), request.params.id, request.params.memberId);
    return reply.view('reviews/team-role.njk', {
      ...page,
      roles,
      roleItems: ROLE_ITEMS,
      values: { role: page.member.role },
      errors: {},
    });
  });

  app.post<{ Params: MemberParams }>('/reviews/:id/team/:memberId/role', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const page = await teamMember(app.db, actor, request.params.id, request.params.memberId);
    const form = parseRole(request.body);
    const render = (errors: Record<string, string>) =>
      reply.code(400).view('reviews/team-role.njk', refused(page, form.values, errors));
    if (!form.role) return render(form.errors);
    const result = await changeMemberRole(app.db, actor, page.review.id, page.member.id, form.role, app.now());
    if (!result.ok) return render({ role: result.error });
    return reply.redirect(`/reviews/${page.review.id}/team?done=role`, 303);
  });

  app.get<{ Params: MemberParams }>('/reviews/:id/team/:memberId/remove', guard, async (request, reply) => {
    const page = await teamMember(app.db, partnershipActor(request), request.params.id, request.params.memberId);
    return reply.view('reviews/team-remove.njk', { ...page, roles, errors: {} });
  });

  app.post<{ Params: MemberParams }>('/reviews/:id/team/:memberId/remove', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const page = await teamMember(app.db, actor, request.params.id, request.params.memberId);
    const result = await removeMember(app.db, actor, page.review.id, page.member.id, app.now());
    if (!result.ok) {
      const errors = { confirm: result.error };
      return reply.code(400).view('reviews/team-remove.njk', {
        ...page,
        roles,
        errors,
        errorSummary: errorList(errors, { confirm: 'remove' }),
      });
    }
    // Someone who took themselves off the team may no longer be allowed to see the review (an admin still is).
    const gone = page.member.user_id === actor.userId && !authorize(actor, 'review.see', { reviewRole: null });
    return reply.redirect(gone ? '/reviews' : `/reviews/${page.review.id}/team?done=removed`, 303);
  });
};
