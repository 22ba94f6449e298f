import type { FastifyPluginAsync } from 'fastify';
import { errorList, field, hasErrors } from '../../lib/forms.js';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { dateInputs, errorIds, parseDates, valuesFrom, type DatesForm } from './dates.form.js';
import { getReview, requireManage, updateReview, type Review } from './reviews.service.js';
import type { KeyDates } from './key-dates.js';
import { keyDatesSummary } from './timescales.js';
import { versionFrom } from '../../lib/versions.js';

type IdParams = { id: string };

/** A review's key dates and the timescales worked out from them: read by the team, changed by editors. */
export const datesRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const today = () => londonDate(app.now());

  const render = (
    review: Review,
    form: Pick<DatesForm, 'values' | 'errors' | 'errorParts'>,
    extra: { version?: number; theirs?: KeyDates; saved?: boolean } = {},
  ) => ({
    review,
    summary: keyDatesSummary(review, today()),
    inputs: dateInputs(form.values, form.errors, form.errorParts),
    errorSummary: errorList(form.errors, errorIds(form.errorParts)),
    theirs: extra.theirs ? keyDatesSummary(extra.theirs, today()).dates : undefined,
    yours: extra.theirs ? form.values : undefined,
    version: extra.version ?? review.version,
    saved: extra.saved ?? false,
  });

  app.get<{ Params: IdParams; Querystring: { saved?: string } }>(
    '/reviews/:id/dates',
    guard,
    async (request, reply) => {
      const review = await getReview(app.db, partnershipActor(request), request.params.id);
      return reply.view(
        'reviews/dates.njk',
        render(review, { values: valuesFrom(review), errors: {}, errorParts: {} }, { saved: !!request.query.saved }),
      );
    },
  );

  app.post<{ Params: IdParams }>('/reviews/:id/dates', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const review = await getReview(app.db, actor, request.params.id, { audit: false });
    requireManage(review);
    const form = parseDates(request.body, today());
    const version = versionFrom(field(request.body, 'version'));
    if (hasErrors(form.errors)) {
      return reply.code(400).view('reviews/dates.njk', render(review, form, { version }));
    }
    const result = await updateReview(app.db, actor, review.id, version, form.dates, app.now());
    if (!result.ok) {
      const current = { ...review, ...result.conflict };
      return reply
        .code(409)
        .view(
          'reviews/dates.njk',
          render(current, form, { version: result.conflict.version, theirs: result.conflict }),
        );
    }
    return reply.redirect(`/reviews/${review.id}/dates?saved=1`, 303);
  });
};
