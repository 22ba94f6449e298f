import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList, field } from '../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { ANSWERS, listRounds, ROUND_PURPOSES } from '../assessments/records/assessments.service.js';
import { applyMove, chooseTarget, moveChoices, previewMove, requireMayMove, type MoveChoices } from './move.service.js';

type Params = { id: string };
type Query = { version?: string; step?: string; done?: string; round?: string };

const labels = { purposes: ROUND_PURPOSES, answers: ANSWERS };

/**
 * Moving a review to a newer version of its framework: choose a version, read what will be carried
 * over, added and dropped, then confirm. Earlier rounds keep the version they were made with.
 */
export const moveRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const path = '/reviews/:id/framework';

  const render = async (
    reply: FastifyReply,
    choices: MoveChoices,
    version: string,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const actor = partnershipActor(reply.request);
    // The chooser form sends step=preview, so choosing nothing is an error rather than the first visit.
    const asked = Boolean(version) || extra.asked === true;
    const target = asked ? chooseTarget(choices, version) : null;
    const errors = target && !target.ok ? { version: target.error } : {};
    const preview = target?.ok ? await previewMove(app.db, actor, choices, target.framework) : null;
    return reply.code(target && !target.ok ? 400 : status).view('framework-upgrade/move.njk', {
      ...choices,
      target: target?.ok ? target.framework : null,
      preview,
      values: { version, startRound: extra.startRound ?? false },
      errors,
      errorSummary: errorList(errors, { version: 'version' }),
      labels,
      ...extra,
    });
  };

  app.get<{ Params: Params; Querystring: Query }>(path, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const choices = await moveChoices(app.db, actor, request.params.id, app.frameworks);
    if (request.query.done === 'moved') {
      const rounds = await listRounds(app.db, actor, choices.review.id);
      const round = rounds.find((r) => r.id === request.query.round);
      return reply.view('framework-upgrade/move.njk', { ...choices, moved: true, newRound: round, rounds, labels });
    }
    return render(reply, choices, (request.query.version ?? '').trim(), { asked: request.query.step === 'preview' });
  });

  app.post<{ Params: Params }>(path, guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const choices = await moveChoices(app.db, actor, request.params.id, app.frameworks);
    requireMayMove(choices);
    const version = field(request.body, 'version');
    const startRound = field(request.body, 'startRound') === 'yes';
    const target = chooseTarget(choices, version);
    if (!target.ok) return render(reply, choices, version, { startRound, asked: true });
    const reviewVersion = Number(field(request.body, 'reviewVersion'));
    const result = await applyMove(
      app.db,
      actor,
      choices,
      target.framework,
      { reviewVersion: Number.isInteger(reviewVersion) ? reviewVersion : -1, startRound },
      app.now(),
    );
    if (!result.ok) {
      const fresh = await moveChoices(app.db, actor, request.params.id, app.frameworks);
      return render(reply, fresh, version, { startRound, conflict: true }, 409);
    }
    const round = result.round ? `&round=${result.round.id}` : '';
    return reply.redirect(`/reviews/${choices.review.id}/framework?done=moved${round}`, 303);
  });
};
