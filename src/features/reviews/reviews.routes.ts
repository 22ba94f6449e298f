import type { FastifyPluginAsync } from 'fastify';
import { errorList, field, hasErrors } from '../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { londonDate } from '../../lib/working-days.js';
import { parseReview, reviewInput } from './reviews.form.js';
import { keyDatesSummary } from './timescales.js';
import { DEFAULT_FRAMEWORK, REVIEW_METHODS, REVIEW_ROLES, REVIEW_STATUSES, REVIEW_TYPES } from './reviews.options.js';
import {
  createReview,
  getReview,
  listReviews,
  requireEdit,
  roundsOf,
  teamOf,
  updateReview,
  type FrameworkCatalogue,
} from './reviews.service.js';

export interface ReviewsRoutesOptions {
  catalogue: FrameworkCatalogue;
}

type IdParams = { id: string };
const labels = { types: REVIEW_TYPES, methods: REVIEW_METHODS, statuses: REVIEW_STATUSES, roles: REVIEW_ROLES };

/** Reviews: the list, starting one, its overview and its details. */
export const reviewsRoutes: FastifyPluginAsync<ReviewsRoutesOptions> = async (app, { catalogue }) => {
  const guard = { preHandler: requireAuth() };
  const frameworks = () => catalogue.list().map((f) => ({ key: f.key, title: f.title, version: f.version }));

  app.get('/reviews', guard, async (request, reply) => {
    const reviews = await listReviews(app.db, partnershipActor(request));
    return reply.view('reviews/list.njk', { reviews, labels, canCreate: request.auth!.role !== 'viewer' });
  });

  app.get('/reviews/new', { preHandler: requireAuth({ roles: ['admin', 'member'] }) }, async (_request, reply) =>
    reply.view('reviews/new.njk', { values: {}, errors: {}, frameworks: frameworks(), labels }),
  );

  app.post('/reviews/new', { preHandler: requireAuth({ roles: ['admin', 'member'] }) }, async (request, reply) => {
    const fw = frameworks();
    const form = parseReview(
      request.body,
      fw.map((f) => f.key),
    );
    if (!form.values.framework && !form.errors.type) {
      form.values.framework = DEFAULT_FRAMEWORK[form.values.type as keyof typeof DEFAULT_FRAMEWORK];
      delete form.errors.framework;
    }
    const framework = catalogue.latest(form.values.framework);
    if (hasErrors(form.errors) || !framework) {
      return reply.code(400).view('reviews/new.njk', {
        ...form,
        errorSummary: errorList(form.errors),
        frameworks: fw,
        labels,
      });
    }
    const review = await createReview(
      app.db,
      partnershipActor(request),
      reviewInput(form.values),
      framework,
      app.now(),
    );
    return reply.redirect(`/reviews/${review.id}`, 303);
  });

  app.get<{ Params: IdParams }>('/reviews/:id', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const review = await getReview(app.db, actor, request.params.id);
    const [team, rounds] = await Promise.all([teamOf(app.db, actor, review.id), roundsOf(app.db, actor, review.id)]);
    const framework =
      catalogue.version(review.framework_key, review.framework_version) ?? catalogue.latest(review.framework_key);
    return reply.view('reviews/show.njk', {
      review,
      team,
      rounds,
      framework,
      labels,
      keyDates: keyDatesSummary(review, londonDate(app.now())),
    });
  });

  app.get<{ Params: IdParams }>('/reviews/:id/edit', guard, async (request, reply) => {
    const review = await getReview(app.db, partnershipActor(request), request.params.id, { audit: false });
    requireEdit(review);
    return reply.view('reviews/edit.njk', { review, values: formValues(review), errors: {}, labels });
  });

  app.post<{ Params: IdParams }>('/reviews/:id/edit', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const review = await getReview(app.db, actor, request.params.id, { audit: false });
    const form = parseReview(request.body, []);
    const version = Number(field(request.body, 'version'));
    if (hasErrors(form.errors)) {
      return reply
        .code(400)
        .view('reviews/edit.njk', { review, ...form, errorSummary: errorList(form.errors), labels, version });
    }
    const input = reviewInput(form.values);
    const result = await updateReview(
      app.db,
      actor,
      review.id,
      version,
      {
        reference: input.reference,
        title: input.title,
        subject_pseudonym: input.subjectPseudonym,
        type: input.type,
        method: input.method,
        method_other: input.methodOther,
      },
      app.now(),
    );
    if (!result.ok) {
      return reply.code(409).view('reviews/edit.njk', {
        review: { ...review, ...result.conflict },
        values: form.values,
        theirs: formValues(result.conflict),
        errors: {},
        labels,
        version: result.conflict.version,
      });
    }
    return reply.redirect(`/reviews/${review.id}`, 303);
  });
};

function formValues(r: {
  reference: string;
  title: string;
  subject_pseudonym: string;
  type: string;
  method: string;
  method_other: string | null;
}) {
  return {
    reference: r.reference,
    title: r.title,
    subjectPseudonym: r.subject_pseudonym,
    type: r.type,
    method: r.method,
    methodOther: r.method_other ?? '',
  };
}
