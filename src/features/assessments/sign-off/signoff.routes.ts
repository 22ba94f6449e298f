import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../../../lib/errors.js';
import { errorList, field, rawField } from '../../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { ROUND_PAGE_LABELS } from '../records/assessments.options.js';
import { roundOverview } from '../rounds/overview.service.js';
import { MAX_SIGN_OFF_COMMENT, signOffStep, type SignOffAction } from './signoff.service.js';

type RoundParams = { id: string; roundId: string };
const ACTIONS: SignOffAction[] = ['send', 'approve', 'return', 'reopen'];

/** What is wrong with the chair's comments for this step, if anything. */
function commentProblem(action: SignOffAction, comment: string): string | undefined {
  if (action === 'return' && !comment) return 'Enter comments saying what needs to change';
  if (comment.length > MAX_SIGN_OFF_COMMENT)
    return `Comments must be ${MAX_SIGN_OFF_COMMENT.toLocaleString('en-GB')} characters or fewer`;
  return undefined;
}

/** POST /reviews/{id}/rounds/{roundId}/sign-off with action = send | approve | return | reopen. */
export const signOffRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Params: RoundParams }>(
    '/reviews/:id/rounds/:roundId/sign-off',
    { preHandler: requireAuth() },
    async (request, reply) => {
      const action = field(request.body, 'action') as SignOffAction;
      const { id, roundId } = request.params;
      const back = `/reviews/${id}/rounds/${roundId}`;
      if (!ACTIONS.includes(action)) return reply.redirect(back, 303);
      const actor = partnershipActor(request);
      if (action === 'send' && field(request.body, 'confirm') !== 'yes') {
        // Markers not completed yet: the person confirms, seeing which, before the chair is asked.
        const overview = await roundOverview(app.db, actor, id, roundId, app.frameworks);
        const { review, round, progress } = overview;
        if (review.access.canSendForSignOff && round.status === 'open' && progress.notCompleted.length) {
          return reply.view('assessments/sign-off/send-confirm.njk', { review, round, progress, back });
        }
      }
      const typed = rawField(request.body, 'comment');
      const comment = typed.trim();
      const problem = commentProblem(action, comment);
      if (problem) {
        // The chair gets the round page back with the error at the comments box, what they typed kept.
        // Anyone else, or a round no longer awaiting sign-off, gets the step's own refusal below.
        const overview = await roundOverview(app.db, actor, id, roundId, app.frameworks);
        if (overview.review.access.canSignOff && overview.round.status === 'awaiting-sign-off') {
          const errors = { comment: problem };
          return reply.code(400).view('assessments/rounds/round.njk', {
            ...overview,
            labels: ROUND_PAGE_LABELS,
            errors,
            errorSummary: errorList(errors),
            values: { comment: typed },
          });
        }
      }
      const movedOn = await signOffStep(app.db, actor, { reviewId: id, roundId }, action, comment, app.now()).then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof HttpError && error.statusCode === 409) return error.message;
          throw error;
        },
      );
      if (movedOn === undefined) return reply.redirect(`${back}?signed-off=${action}`, 303);
      // Someone else moved the round on first: the round page again, as it is now, with the error, and the
      // chair's comments kept (in the box if it is still there, otherwise quoted in the error).
      const overview = await roundOverview(app.db, actor, id, roundId, app.frameworks);
      const boxShown = overview.review.access.canSignOff && overview.round.status === 'awaiting-sign-off';
      const message = `${movedOn}: nothing was changed. Check the sign-off below and try again.`;
      const quoted = typed.trim() && !boxShown ? ` Your comments were not saved: “${typed.trim()}”` : '';
      return reply.code(409).view('assessments/rounds/round.njk', {
        ...overview,
        labels: ROUND_PAGE_LABELS,
        errors: boxShown ? { comment: message } : {},
        errorSummary: [{ text: message + quoted, href: boxShown ? '#comment' : '#signoff-heading' }],
        values: { comment: typed },
      });
    },
  );
};
