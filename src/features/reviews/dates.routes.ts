import type { FastifyPluginAsync } from 'fastify';
import { field, hasErrors } from '../../lib/forms.js';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { parseDates } from './dates.form.js';
import { datesPage } from './dates.view.js';
import { getReview, requireManage, updateReview } from './reviews.service.js';
import { versionFrom } from '../../lib/versions.js';

type IdParams = { id: string };
const DONE = ['saved', 'change', 'removed'];

/** A review's key dates and the timescales worked out from them: read by the team, changed by editors. */
export const datesRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const today = () => londonDate(app.now());

  app.get<{ Params: IdParams; Querystring: { saved?: string; done?: string } }>(
    '/reviews/:id/dates',
    guard,
    async (request, reply) => {
      const review = await getReview(app.db, partnershipActor(request), request.params.id);
      const done = request.query.saved ? 'saved' : DONE.find((d) => d === request.query.done);
      return reply.view('reviews/dates.njk', await datesPage(app.db, review, today(), { done }));
    },
  );

  app.post<{ Params: IdParams }>('/reviews/:id/dates', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const review = await getReview(app.db, actor, request.params.id, { audit: false });
    requireManage(review);
    const form = parseDates(request.body, today(), review.type, review);
    const version = versionFrom(field(request.body, 'version'));
    if (hasErrors(form.errors)) {
      return reply.code(400).view('reviews/dates.njk', await datesPage(app.db, review, today(), { form, version }));
    }
    const result = await updateReview(app.db, actor, review.id, version, form.dates, app.now());
    if (!result.ok) {
      const current = { ...review, ...result.conflict };
      return reply.code(409).view(
        'reviews/dates.njk',
        await datesPage(app.db, current, today(), {
          form,
          version: result.conflict.version,
          theirs: result.conflict,
        }),
      );
    }
    return reply.redirect(`/reviews/${review.id}/dates?saved=1`, 303);
  });
};
