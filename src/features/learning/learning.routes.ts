import type { FastifyPluginAsync } from 'fastify';
import { errorList, hasErrors } from '../../lib/forms.js';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { REVIEW_STATUSES, REVIEW_TYPES } from '../reviews/reviews.service.js';
import { parseLearningQuery, ROUND_CHOICES, type LearningQueryValues } from './learning.form.js';
import { learningDashboard } from './learning.service.js';
import { LABELS, present } from './learning.view.js';
import { regionalView } from './region.service.js';

/** The dashboard's address with the same choices and another page of the matrix. */
function pageHref(values: LearningQueryValues, page: number): string {
  const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== ''));
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/learning${query ? `?${query}` : ''}#matrix`;
}

/** The learning dashboard (GET form, works without JavaScript) and the regional roll-up. */
export const learningRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  app.get('/learning', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const form = parseLearningQuery(request.query);
    const dashboard = await learningDashboard(app.db, app.frameworks, actor, {
      choice: form.choice,
      filters: form.filters,
      page: form.page,
      today: londonDate(app.now()),
    });
    const view = present(dashboard);
    const { page, pages } = view.matrix;
    return reply.code(hasErrors(form.errors) ? 400 : 200).view('learning/learning.njk', {
      ...view,
      values: form.values,
      choice: form.choice,
      filtered: form.filtered,
      errors: form.errors,
      errorSummary: errorList(form.errors),
      choices: { rounds: ROUND_CHOICES, types: REVIEW_TYPES, statuses: REVIEW_STATUSES },
      labels: LABELS,
      previous: page > 1 ? pageHref(form.values, page - 1) : null,
      next: page < pages ? pageHref(form.values, page + 1) : null,
    });
  });

  app.get('/learning/region', guard, async (request, reply) => {
    const region = await regionalView(app.db, app.frameworks, partnershipActor(request).userId, londonDate(app.now()));
    return reply.view('learning/region.njk', { region, labels: LABELS });
  });
};
