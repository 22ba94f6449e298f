import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList } from '../../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { ROUND_PAGE_LABELS } from '../records/assessments.options.js';
import { createRound, newRoundChoices, type Round } from '../records/assessments.service.js';
import { parseNewRound, type NewRoundForm } from './new-round.form.js';
import { frameworkOf } from './overview.service.js';
import { allMarkerKeys, defaultMarkerKeys, planningLeavesOut } from './round-markers.js';

type ReviewParams = { id: string };
type FrameworkFile = Awaited<ReturnType<typeof frameworkOf>>;

/** The words under "The usual markers for its purpose": what each purpose covers in this framework. */
function usualMarkers(framework: FrameworkFile): string {
  const all = allMarkerKeys(framework).length;
  const planning = defaultMarkerKeys(framework, 'planning').length;
  const left = planningLeavesOut(framework);
  const forPlanning =
    planning === all ? `every marker (${all})` : `${planning} of the ${all} markers, leaving out ${left.join(' and ')}`;
  return `Planning: ${forPlanning}. Quality assurance while the review runs, and reflection afterwards: every marker (${all}).`;
}

/**
 * Starting a round: what it is for, where it starts from and, when the person wants to choose, which
 * markers it covers (a second page with the usual ones for the purpose ticked). Works without JavaScript.
 */
export const newRoundRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const path = '/reviews/:id/rounds/new';

  const ask = (
    reply: FastifyReply,
    status: number,
    reviewId: string,
    rounds: Round[],
    framework: FrameworkFile,
    form?: NewRoundForm,
  ) =>
    reply.code(status).view('assessments/rounds/new-round.njk', {
      reviewId,
      rounds,
      values: form?.values ?? { scope: 'usual' },
      errors: form?.errors ?? {},
      errorSummary: form ? errorList(form.errors, { purpose: 'purpose', scope: 'scope' }) : [],
      usualHint: usualMarkers(framework),
      labels: ROUND_PAGE_LABELS,
    });

  app.get<{ Params: ReviewParams }>(path, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const rounds = await newRoundChoices(app.db, actor, request.params.id);
    const framework = await frameworkOf(app.db, actor, request.params.id, app.frameworks);
    return ask(reply, 200, request.params.id, rounds, framework);
  });

  app.post<{ Params: ReviewParams }>(path, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const reviewId = request.params.id;
    const rounds = await newRoundChoices(app.db, actor, reviewId);
    const framework = await frameworkOf(app.db, actor, reviewId, app.frameworks);
    const form = parseNewRound(
      request.body,
      rounds.map((r) => r.id),
      framework,
    );
    if (form.next === 'ask') return ask(reply, 400, reviewId, rounds, framework, form);
    if (form.next === 'choose') {
      const failed = Boolean(form.errors.markers);
      return reply.code(failed ? 400 : 200).view('assessments/rounds/choose-markers.njk', {
        reviewId,
        number: rounds.reduce((n, r) => Math.max(n, r.number), 0) + 1,
        framework,
        values: form.values,
        errors: form.errors,
        errorSummary: errorList(form.errors),
        labels: ROUND_PAGE_LABELS,
      });
    }
    const round = await createRound(app.db, actor, reviewId, form.values, framework, app.now());
    return reply.redirect(`/reviews/${reviewId}/rounds/${round.id}`, 303);
  });
};
