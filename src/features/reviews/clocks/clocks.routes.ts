/**
 * Extensions and pauses of a review's clocks: the form on the key dates page (no JavaScript needed) and
 * the API. Another partnership's review or change answers 404; readers of the review get 403.
 */
import type { FastifyPluginAsync } from 'fastify';
import { BadRequestError } from '../../../lib/errors.js';
import { hasErrors } from '../../../lib/forms.js';
import { londonDate } from '../../../lib/uk-time.js';
import { errorSchema, pathParam, unauthorised, type ApiDoc } from '../../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { zodProblems } from '../api.schemas.js';
import { datesPage } from '../dates.view.js';
import { getReview, requireManage } from '../reviews.service.js';
import { parseChangeForm, parseChangeJson } from './change.form.js';
import { addClockChange, removeClockChange } from './clocks.service.js';
import { clockChangeBody, clockChangeJson, clockChangeSchema } from './clocks.schemas.js';

type Params = { id: string };
type ChangeParams = Params & { changeId: string };

const json = clockChangeJson;

const reviewId = pathParam('id', 'The review’s ID');
const notFound = {
  description: 'There is no such review (or extension or pause) in the partnership',
  schema: errorSchema,
};
const forbidden = { description: 'The token’s person may read the review but not change it', schema: errorSchema };

const addDoc: ApiDoc = {
  operationId: 'addClockChange',
  summary: 'Record an extension or a pause against one of a review’s clocks',
  description:
    'An extension gives the clock a new due date; a pause stops it (the days paused are added to the deadline once the pause ends). The clock’s status then says whether it was met against the original or the extended date.',
  tag: 'Reviews',
  access: 'write',
  parameters: [reviewId],
  body: { description: 'The extension or pause', schema: clockChangeBody },
  responses: {
    201: { description: 'Recorded', schema: clockChangeSchema },
    400: { description: 'The body is not valid: each problem is named', schema: errorSchema },
    ...unauthorised,
    403: forbidden,
    404: notFound,
  },
};

const removeDoc: ApiDoc = {
  operationId: 'removeClockChange',
  summary: 'Remove an extension or a pause from a review’s clock',
  tag: 'Reviews',
  access: 'write',
  parameters: [reviewId, pathParam('changeId', 'The extension’s or pause’s ID')],
  responses: {
    200: { description: 'Removed: the extension or pause as it was', schema: clockChangeSchema },
    ...unauthorised,
    403: forbidden,
    404: notFound,
  },
};

export const clocksRoutes: FastifyPluginAsync = async (app) => {
  const auth = requireAuth();
  const today = () => londonDate(app.now());

  app.post<{ Params: Params }>('/reviews/:id/clocks', { preHandler: auth }, async (request, reply) => {
    const actor = partnershipActor(request);
    const review = await getReview(app.db, actor, request.params.id, { audit: false });
    requireManage(review);
    const change = parseChangeForm(request.body, review.type, today());
    if (hasErrors(change.errors)) {
      return reply.code(400).view('reviews/dates.njk', await datesPage(app.db, review, today(), { change }));
    }
    await addClockChange(app.db, actor, review, change.input, app.now());
    return reply.redirect(`/reviews/${review.id}/dates?done=change#timescales`, 303);
  });

  app.post<{ Params: ChangeParams }>(
    '/reviews/:id/clocks/:changeId/remove',
    { preHandler: auth },
    async (request, reply) => {
      const actor = partnershipActor(request);
      const review = await getReview(app.db, actor, request.params.id, { audit: false });
      requireManage(review);
      await removeClockChange(app.db, actor, review, request.params.changeId, app.now());
      return reply.redirect(`/reviews/${review.id}/dates?done=removed#timescales`, 303);
    },
  );

  app.post<{ Params: Params }>(
    '/api/v1/reviews/:id/clock-changes',
    { preHandler: auth, config: { api: addDoc } },
    async (request, reply) => {
      const parsed = clockChangeBody.safeParse(request.body);
      if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
      const actor = partnershipActor(request);
      const review = await getReview(app.db, actor, request.params.id, { audit: false });
      requireManage(review);
      const change = parseChangeJson(parsed.data, review.type, today());
      if (hasErrors(change.errors)) throw new BadRequestError(Object.values(change.errors).join('; '));
      const added = await addClockChange(app.db, actor, review, change.input, app.now());
      return reply.code(201).send(json(added));
    },
  );

  app.delete<{ Params: ChangeParams }>(
    '/api/v1/reviews/:id/clock-changes/:changeId',
    { preHandler: auth, config: { api: removeDoc } },
    async (request, reply) => {
      const actor = partnershipActor(request);
      const review = await getReview(app.db, actor, request.params.id, { audit: false });
      requireManage(review);
      const removed = await removeClockChange(app.db, actor, review, request.params.changeId, app.now());
      return reply.send(json(removed));
    },
  );
};
