import type { FastifyPluginAsync } from 'fastify';
import { BadRequestError, HttpError } from '../../lib/errors.js';
import { errorSchema, pathParam, unauthorised, type ApiDoc } from '../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { addTeamMemberBody, teamListSchema, teamMemberSchema, zodProblems } from './api.schemas.js';
import { addMemberByEmail, LAST_LEAD, removeMember, teamList } from './team.service.js';

type TeamRow = Awaited<ReturnType<typeof teamList>>[number];
const memberJson = (m: TeamRow) => ({
  memberId: m.id,
  userId: m.user_id,
  name: m.name,
  email: m.email,
  role: m.role,
});

const reviewId = pathParam('id', 'The review’s ID');
const memberId = pathParam('memberId', 'The team row’s ID (memberId in the team list)');
const notFound = { description: 'There is no such review (or team member) in the partnership', schema: errorSchema };

const listDoc: ApiDoc = {
  operationId: 'listTeam',
  summary: 'List a review’s team',
  tag: 'Reviews',
  access: 'read',
  parameters: [reviewId],
  responses: { 200: { description: 'The team', schema: teamListSchema }, ...unauthorised, 404: notFound },
};

const addDoc: ApiDoc = {
  operationId: 'addTeamMember',
  summary: 'Add a person to a review’s team',
  description:
    'The person must be an active member of the partnership and not on the team already. Partnership admins and the review’s chairs and business managers may change its team.',
  tag: 'Reviews',
  access: 'write',
  parameters: [reviewId],
  body: { description: 'Who to add, and in what role', schema: addTeamMemberBody },
  responses: {
    201: { description: 'The person was added', schema: teamMemberSchema },
    400: { description: 'The body is not valid, or no such person can be added', schema: errorSchema },
    ...unauthorised,
    404: notFound,
  },
};

const removeDoc: ApiDoc = {
  operationId: 'removeTeamMember',
  summary: 'Remove a person from a review’s team',
  description: 'A review always keeps at least one chair or business manager.',
  tag: 'Reviews',
  access: 'write',
  parameters: [reviewId, memberId],
  responses: {
    200: { description: 'The person was removed: the team as it is now', schema: teamListSchema },
    ...unauthorised,
    404: notFound,
    409: { description: `${LAST_LEAD}: nothing was changed`, schema: errorSchema },
  },
};

/** A review's team through the API: the team page's rules and audit events; another partnership's ids are 404. */
export const teamApiRoutes: FastifyPluginAsync = async (app) => {
  const auth = requireAuth();
  const guard = (api: ApiDoc) => ({ preHandler: auth, config: { api } });
  type Params = { id: string };

  app.get<{ Params: Params }>('/api/v1/reviews/:id/team', guard(listDoc), async (request) => ({
    team: (await teamList(app.db, partnershipActor(request), request.params.id)).map(memberJson),
  }));

  app.post<{ Params: Params }>('/api/v1/reviews/:id/team', guard(addDoc), async (request, reply) => {
    const parsed = addTeamMemberBody.safeParse(request.body);
    if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
    const actor = partnershipActor(request);
    const result = await addMemberByEmail(app.db, actor, request.params.id, parsed.data, app.now());
    if (!result.ok) throw new BadRequestError(result.error);
    const added = (await teamList(app.db, actor, request.params.id)).find((m) => m.id === result.memberId)!;
    return reply
      .code(201)
      .header('Location', `/api/v1/reviews/${request.params.id}/team/${added.id}`)
      .send(memberJson(added));
  });

  app.delete<{ Params: Params & { memberId: string } }>(
    '/api/v1/reviews/:id/team/:memberId',
    guard(removeDoc),
    async (request, reply) => {
      const { id, memberId: member } = request.params;
      const actor = partnershipActor(request);
      const result = await removeMember(app.db, actor, id, member, app.now());
      if (!result.ok) throw new HttpError(409, result.error);
      return reply.send({ team: (await teamList(app.db, actor, id)).map(memberJson) });
    },
  );
};
