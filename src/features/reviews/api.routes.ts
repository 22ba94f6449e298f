import type { FastifyPluginAsync } from 'fastify';
import { BadRequestError } from '../../lib/errors.js';
import { londonDate } from '../../lib/uk-time.js';
import { errorSchema, pathParam, unauthorised, type ApiDoc } from '../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { reviewJson } from './api.json.js';
import { frameworksFor, pickFramework } from './frameworks-choice.service.js';
import {
  createReviewBody,
  patchReviewBody,
  reviewConflictSchema,
  reviewDetailSchema,
  reviewListSchema,
  reviewSchema,
  zodProblems,
} from './api.schemas.js';
import { clockContexts, createReview, getReview, listReviews, updateReview } from './reviews.service.js';
import { moveStatus, statusMoves } from './status.service.js';
import { publicationJson } from '../publication/api.json.js';
import { publicationOf } from '../publication/publication.service.js';

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
  referralDate: 'referral_date',
  panelResponseDate: 'panel_response_date',
  panelToldDate: 'panel_told_date',
  reportSentDate: 'report_sent_date',
} as const;

const reviewId = pathParam('id', 'The review’s ID');
const notFound = { description: 'There is no such review in the partnership', schema: errorSchema };

const listDoc: ApiDoc = {
  operationId: 'listReviews',
  summary: 'List the partnership’s reviews',
  tag: 'Reviews',
  access: 'read',
  responses: { 200: { description: 'The reviews', schema: reviewListSchema }, ...unauthorised },
};

const createDoc: ApiDoc = {
  operationId: 'createReview',
  summary: 'Start a review',
  description:
    'The review pins the framework version it starts with (the latest unless you name one). Any framework the partnership can see will do: a built-in one or its own import.',
  tag: 'Reviews',
  access: 'write',
  body: { description: 'The review to start', schema: createReviewBody },
  responses: {
    201: { description: 'The review was started; Location gives its address', schema: reviewSchema },
    400: { description: 'The body is not valid: the message names each field and its problem', schema: errorSchema },
    ...unauthorised,
  },
};

const getDoc: ApiDoc = {
  operationId: 'getReview',
  summary: 'Get a review',
  description: 'The ETag header holds the review’s version.',
  tag: 'Reviews',
  access: 'read',
  parameters: [reviewId],
  responses: {
    200: { description: 'The review, with its status moves and publication record', schema: reviewDetailSchema },
    ...unauthorised,
    404: notFound,
  },
};

const updateDoc: ApiDoc = {
  operationId: 'updateReview',
  summary: 'Change a review',
  description:
    'Send only the fields to change, with the version you read. Nothing is overwritten silently. A change of status moves the review by the rules of its status page: one step at a time, each with its rule; send it on its own.',
  tag: 'Reviews',
  access: 'write',
  parameters: [reviewId],
  body: { description: 'The changes', schema: patchReviewBody },
  responses: {
    200: { description: 'The review as saved', schema: reviewSchema },
    400: { description: 'The body is not valid', schema: errorSchema },
    ...unauthorised,
    404: notFound,
    409: { description: 'Someone else changed the review first; nothing was saved', schema: reviewConflictSchema },
  },
};

/** The reviews API: another partnership's ids answer 404, never 403. */
export const reviewsApiRoutes: FastifyPluginAsync = async (app) => {
  const auth = requireAuth();
  const guard = (api: ApiDoc) => ({ preHandler: auth, config: { api } });
  const asJson = async (review: Parameters<typeof reviewJson>[0]) =>
    reviewJson(review, londonDate(app.now()), (await clockContexts(app.db, review.organisation_id))(review.id));

  app.get('/api/v1/reviews', guard(listDoc), async (request) => {
    const actor = partnershipActor(request);
    const [reviews, contextOf] = await Promise.all([
      listReviews(app.db, actor),
      clockContexts(app.db, actor.organisationId),
    ]);
    return { reviews: reviews.map((r) => reviewJson(r, londonDate(app.now()), contextOf(r.id))) };
  });

  app.post('/api/v1/reviews', guard(createDoc), async (request, reply) => {
    const parsed = createReviewBody.safeParse(request.body);
    if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
    const body = parsed.data;
    const actor = partnershipActor(request);
    // Another partnership's framework is not among these: it answers just as an unknown key does.
    const visible = await frameworksFor(app.db, actor, app.frameworks);
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
    return reply
      .code(201)
      .header('Location', `/api/v1/reviews/${review.id}`)
      .send(await asJson(review));
  });

  app.get<{ Params: { id: string } }>('/api/v1/reviews/:id', guard(getDoc), async (request, reply) => {
    const review = await getReview(app.db, partnershipActor(request), request.params.id);
    const [statusHistory, publication] = await Promise.all([
      statusMoves(app.db, review),
      publicationOf(app.db, review.organisation_id, review.id),
    ]);
    return reply.header('ETag', `"${review.version}"`).send({
      ...(await asJson(review)),
      statusHistory,
      publication: publicationJson(review.id, review.type, publication),
    });
  });

  app.patch<{ Params: { id: string } }>('/api/v1/reviews/:id', guard(updateDoc), async (request, reply) => {
    const conflict = async (review: Parameters<typeof asJson>[0]) =>
      reply.code(409).send({
        error: { status: 409, message: 'The review was changed by someone else: here is the current version' },
        current: await asJson(review),
      });
    const parsed = patchReviewBody.safeParse(request.body);
    if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
    const {
      version,
      subjectPseudonym,
      reference,
      title,
      type,
      status,
      statusReason,
      statusOverride,
      termsAgreedOn,
      ...dates
    } = parsed.data;
    const changes = {
      ...(reference !== undefined ? { reference } : {}),
      ...(title !== undefined ? { title } : {}),
      ...(type !== undefined ? { type } : {}),
      ...(subjectPseudonym !== undefined ? { subject_pseudonym: subjectPseudonym } : {}),
      ...Object.fromEntries(
        Object.entries(dates)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [DATE_FIELDS[k as keyof typeof DATE_FIELDS], v]),
      ),
    };
    const actor = partnershipActor(request);
    const current =
      status === undefined ? undefined : await getReview(app.db, actor, request.params.id, { audit: false });
    if (current && status !== undefined && status !== current.status) {
      // A status move goes through the same rules as the status page (status.service.ts), on its own.
      if (Object.keys(changes).length)
        throw new BadRequestError('status: change the status on its own, without other fields');
      const moved = await moveStatus(
        app.db,
        actor,
        current.id,
        {
          to: status,
          version,
          reason: statusReason ?? '',
          override: statusOverride ?? false,
          termsAgreedOn: termsAgreedOn ?? null,
        },
        app.now(),
      );
      if ('errors' in moved) throw new BadRequestError(`status: ${Object.values(moved.errors).join('; ')}`);
      return moved.ok
        ? reply.header('ETag', `"${moved.record.version}"`).send(await asJson(moved.record))
        : await conflict(moved.conflict);
    }
    const result = await updateReview(app.db, actor, request.params.id, version, changes, app.now());
    if (!result.ok) return await conflict(result.conflict);
    return reply.header('ETag', `"${result.record.version}"`).send(await asJson(result.record));
  });
};
