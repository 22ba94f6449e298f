import type { FastifyPluginAsync } from 'fastify';
import { errorList, field, hasErrors } from '../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { londonDate } from '../../lib/uk-time.js';
import { parseFrameworkChoice, parseReview, reviewInput, versionFieldOf } from './reviews.form.js';
import { frameworkChoices, frameworkNames, frameworksFor, pickFramework } from './frameworks-choice.service.js';
import { DEFAULT_FRAMEWORK, REVIEW_METHODS, REVIEW_ROLES, REVIEW_STATUSES, REVIEW_TYPES } from './reviews.options.js';
import {
  createReview,
  getReview,
  referralOrigin,
  requireManage,
  reviewClocks,
  reviewColumns,
  teamOf,
  updateReview,
} from './reviews.service.js';
import { DuplicateReferenceError, duplicateReferenceMessage } from './reference.service.js';
import { versionFrom } from '../../lib/versions.js';
import { listRounds } from '../assessments/records/assessments.service.js';
import { publicationSummary } from '../publication/publication.service.js';
import { statusTimeline } from './status.service.js';

type IdParams = { id: string };
const labels = { types: REVIEW_TYPES, methods: REVIEW_METHODS, statuses: REVIEW_STATUSES, roles: REVIEW_ROLES };

/** Reviews: starting one, its overview and its details (the list is list.routes.ts). */
export const reviewsRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const starter = { preHandler: requireAuth({ roles: ['admin', 'member'] }) };

  app.get('/reviews/new', starter, async (request, reply) => {
    const visible = await frameworksFor(app.db, partnershipActor(request), app.frameworks);
    return reply.view('reviews/new.njk', { values: {}, errors: {}, frameworks: frameworkChoices(visible), labels });
  });

  app.post('/reviews/new', starter, async (request, reply) => {
    const actor = partnershipActor(request);
    const visible = await frameworksFor(app.db, actor, app.frameworks);
    const choices = frameworkChoices(visible);
    const form = parseReview(request.body);
    const chosen = parseFrameworkChoice(request.body, choices);
    const errors = { ...form.errors, ...chosen.errors };
    const key = chosen.values.framework || DEFAULT_FRAMEWORK[form.values.type as keyof typeof DEFAULT_FRAMEWORK];
    const framework = key ? pickFramework(visible, key, chosen.values.frameworkVersion || undefined) : undefined;
    if (hasErrors(errors) || !framework) {
      const versionField = { frameworkVersion: versionFieldOf(chosen.values.framework) };
      return reply.code(400).view('reviews/new.njk', {
        values: { ...form.values, ...chosen.values },
        errors,
        errorSummary: errorList(errors, versionField),
        frameworks: choices,
        labels,
      });
    }
    const review = await createReview(app.db, actor, reviewInput(form.values), framework, app.now()).catch(
      (error: unknown) => {
        if (error instanceof DuplicateReferenceError) return { taken: error.reference } as const;
        throw error;
      },
    );
    if ('taken' in review) {
      const taken = { reference: duplicateReferenceMessage(review.taken) };
      return reply.code(409).view('reviews/new.njk', {
        values: { ...form.values, ...chosen.values },
        errors: taken,
        errorSummary: errorList(taken),
        frameworks: choices,
        labels,
      });
    }
    return reply.redirect(`/reviews/${review.id}`, 303);
  });

  app.get<{ Params: IdParams }>('/reviews/:id', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const review = await getReview(app.db, actor, request.params.id);
    const [team, rounds, visible, timeline, publication, origin] = await Promise.all([
      teamOf(app.db, actor, review.id),
      listRounds(app.db, actor, review.id),
      frameworksFor(app.db, actor, app.frameworks),
      statusTimeline(app.db, review),
      publicationSummary(app.db, review),
      referralOrigin(app.db, actor, review.id),
    ]);
    return reply.view('reviews/show.njk', {
      review,
      team,
      rounds,
      framework: frameworkNames(visible, [review])[review.id],
      labels,
      keyDates: await reviewClocks(app.db, review, londonDate(app.now())),
      timeline,
      publication,
      referralOrigin: origin,
    });
  });

  app.get<{ Params: IdParams }>('/reviews/:id/edit', guard, async (request, reply) => {
    const review = await getReview(app.db, partnershipActor(request), request.params.id, { audit: false });
    requireManage(review);
    return reply.view('reviews/edit.njk', { review, values: formValues(review), errors: {}, labels });
  });

  app.post<{ Params: IdParams }>('/reviews/:id/edit', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const review = await getReview(app.db, actor, request.params.id, { audit: false });
    const form = parseReview(request.body);
    const version = versionFrom(field(request.body, 'version'));
    if (hasErrors(form.errors)) {
      return reply
        .code(400)
        .view('reviews/edit.njk', { review, ...form, errorSummary: errorList(form.errors), labels, version });
    }
    const input = reviewInput(form.values);
    const result = await updateReview(app.db, actor, review.id, version, reviewColumns(input), app.now()).catch(
      (error: unknown) => {
        if (error instanceof DuplicateReferenceError) return { taken: error.reference } as const;
        throw error;
      },
    );
    if ('taken' in result) {
      const errors = { reference: duplicateReferenceMessage(result.taken) };
      return reply
        .code(409)
        .view('reviews/edit.njk', { review, ...form, errors, errorSummary: errorList(errors), labels, version });
    }
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
