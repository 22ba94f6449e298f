import type { FastifyPluginAsync } from 'fastify';
import { errorList, hasErrors, type FieldErrors } from '../../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { ROUND_PAGE_LABELS } from '../records/assessments.options.js';
import type { Round } from '../records/assessments.service.js';
import { compareRounds, comparisonChoices } from './compare.service.js';
import { frameworkOfRound, labelsOf } from '../rounds/overview.service.js';

type Query = { a?: string; b?: string };

const one = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * Which two rounds to compare. A link may name one round (b): the other is the round before it.
 * The form always sends both, and only then are problems reported.
 */
function choose(query: Query, rounds: Round[]) {
  const ids = rounds.map((r) => r.id);
  let a = one(query.a);
  let b = one(query.b);
  const submitted = 'a' in query && 'b' in query;
  const errors: FieldErrors<'a' | 'b'> = {};
  if (submitted) {
    if (!a) errors.a = 'Select the first round to compare';
    else if (!ids.includes(a)) errors.a = 'Select a round from the list';
    if (!b) errors.b = 'Select the second round to compare';
    else if (!ids.includes(b)) errors.b = 'Select a round from the list';
    if (!errors.a && !errors.b && a === b) errors.b = 'Select a different round to compare with';
  } else {
    if (!ids.includes(b)) b = ids.at(-1) ?? '';
    if (!ids.includes(a) || a === b) {
      const at = ids.indexOf(b);
      a = ids[at - 1] ?? ids[at + 1] ?? '';
    }
  }
  return { values: { a, b }, errors, ready: !hasErrors(errors) && Boolean(a && b) && a !== b };
}

/** GET /reviews/{id}/rounds/compare?a={roundId}&b={roundId}: two rounds side by side. */
export const compareRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string }; Querystring: Query }>(
    '/reviews/:id/rounds/compare',
    { preHandler: requireAuth() },
    async (request, reply) => {
      const actor = partnershipActor(request);
      const reviewId = request.params.id;
      const { review, rounds } = await comparisonChoices(app.db, actor, reviewId);
      const form = choose(request.query, rounds);
      const base = {
        review,
        rounds,
        values: form.values,
        errors: form.errors,
        labels: ROUND_PAGE_LABELS,
      };
      if (!form.ready) {
        return reply.code(hasErrors(form.errors) ? 400 : 200).view('assessments/compare/compare.njk', {
          ...base,
          errorSummary: errorList(form.errors, { a: 'a', b: 'b' }),
        });
      }
      const comparison = await compareRounds(
        app.db,
        actor,
        reviewId,
        form.values,
        (round) => frameworkOfRound(app.db, actor, review, round, app.frameworks),
        app.now(),
      );
      return reply.view('assessments/compare/compare.njk', {
        ...base,
        comparison,
        judgementLabels: { a: labelsOf(comparison.a), b: labelsOf(comparison.b) },
      });
    },
  );
};
