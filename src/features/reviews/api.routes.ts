import type { FastifyPluginAsync } from 'fastify';
import { BadRequestError } from '../../lib/errors.js';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { reviewJson } from './api.json.js';
import { frameworksFor, pickFramework } from './frameworks-choice.service.js';
import { createReviewBody, patchReviewBody, zodProblems } from './api.schemas.js';
import { createReview, getReview, listReviews, updateReview, type FrameworkCatalogue } from './reviews.service.js';

export interface ReviewsApiOptions {
  catalogue: FrameworkCatalogue;
}

const DATE_FIELDS = {
  awarenessDate: 'awareness_date',
  incidentDate: 'incident_date',
  notificationDate: 'notification_date',
  rapidReviewDate: 'rapid_review_date',
  decisionDate: 'decision_date',
  reviewerAppointedDate: 'reviewer_appointed_date',
  draftReportDate: 'draft_report_date',
  finalReportDate: 'final_report_date',
  publicationDate: 'publication_date',
} as const;

/** The reviews API: another partnership's ids answer 404, never 403. */
export const reviewsApiRoutes: FastifyPluginAsync<ReviewsApiOptions> = async (app, { catalogue }) => {
  const guard = { preHandler: requireAuth() };
  const asJson = (review: Parameters<typeof reviewJson>[0]) => reviewJson(review, londonDate(app.now()));

  app.get('/api/v1/reviews', guard, async (request) => ({
    reviews: (await listReviews(app.db, partnershipActor(request))).map(asJson),
  }));

  app.post('/api/v1/reviews', guard, async (request, reply) => {
    const parsed = createReviewBody.safeParse(request.body);
    if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
    const body = parsed.data;
    const actor = partnershipActor(request);
    // Another partnership's framework is not among these: it answers just as an unknown key does.
    const visible = await frameworksFor(app.db, actor, catalogue);
    const framework = pickFramework(visible, body.frameworkKey, body.frameworkVersion);
    if (!framework)
      throw new BadRequestError(
        `frameworkKey: there is no framework ${body.frameworkKey}${body.frameworkVersion ? ` version ${body.frameworkVersion}` : ''}`,
      );
    if (body.method === 'other' && !body.methodOther)
      throw new BadRequestError('methodOther: required when method is other');
    const review = await createReview(
      app.db,
      actor,
      { ...body, methodOther: body.method === 'other' ? (body.methodOther ?? null) : null },
      framework,
      app.now(),
    );
    return reply.code(201).header('Location', `/api/v1/reviews/${review.id}`).send(asJson(review));
  });

  app.get<{ Params: { id: string } }>('/api/v1/reviews/:id', guard, async (request, reply) => {
    const review = await getReview(app.db, partnershipActor(request), request.params.id);
    return reply.header('ETag', `"${review.version}"`).send(asJson(review));
  });

  app.patch<{ Params: { id: string } }>('/api/v1/reviews/:id', guard, async (request, reply) => {
    const parsed = patchReviewBody.safeParse(request.body);
    if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
    const { version, subjectPseudonym, reference, title, type, status, ...dates } = parsed.data;
    const changes = {
      ...(reference !== undefined ? { reference } : {}),
      ...(title !== undefined ? { title } : {}),
      ...(type !== undefined ? { type } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(subjectPseudonym !== undefined ? { subject_pseudonym: subjectPseudonym } : {}),
      ...Object.fromEntries(
        Object.entries(dates)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [DATE_FIELDS[k as keyof typeof DATE_FIELDS], v]),
      ),
    };
    const result = await updateReview(
      app.db,
      partnershipActor(request),
      request.params.id,
      version,
      changes,
      app.now(),
    );
    if (!result.ok) {
      return reply.code(409).send({
        error: { status: 409, message: 'The review was changed by someone else: here is the current version' },
        current: asJson(result.conflict),
      });
    }
    return reply.header('ETag', `"${result.record.version}"`).send(asJson(result.record));
  });
};
