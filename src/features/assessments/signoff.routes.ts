import type { FastifyPluginAsync } from 'fastify';
import { field } from '../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { signOffStep, type SignOffAction } from './signoff.service.js';

type RoundParams = { id: string; roundId: string };
const ACTIONS: SignOffAction[] = ['send', 'approve', 'return', 'reopen'];

/** POST /reviews/{id}/rounds/{roundId}/sign-off with action = send | approve | return | reopen. */
export const signOffRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Params: RoundParams }>(
    '/reviews/:id/rounds/:roundId/sign-off',
    { preHandler: requireAuth() },
    async (request, reply) => {
      const action = field(request.body, 'action') as SignOffAction;
      const back = `/reviews/${request.params.id}/rounds/${request.params.roundId}`;
      if (!ACTIONS.includes(action)) return reply.redirect(back, 303);
      await signOffStep(
        app.db,
        partnershipActor(request),
        { reviewId: request.params.id, roundId: request.params.roundId },
        action,
        field(request.body, 'comment').slice(0, 5000),
        app.now(),
      );
      return reply.redirect(`${back}?signed-off=${action}`, 303);
    },
  );
};
