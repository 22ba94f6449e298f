import type { FastifyPluginAsync } from 'fastify';
import { BadRequestError } from '../../lib/errors.js';
import { errorSchema, pathParam, unauthorised, type ApiDoc } from '../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { zodProblems } from '../reviews/api.schemas.js';
import { publicationConflictSchema, publicationSchema, putPublicationBody } from './api.schemas.js';
import { publicationJson } from './api.json.js';
import { publicationPage, savePublication } from './publication.service.js';

const reviewId = pathParam('id', 'The review’s ID');
const notFound = { description: 'There is no such review in the partnership', schema: errorSchema };

const getDoc: ApiDoc = {
  operationId: 'getPublication',
  summary: 'Get a review’s publication record',
  description: 'Version 0 and empty fields before anyone has saved it.',
  tag: 'Reviews',
  access: 'read',
  parameters: [reviewId],
  responses: { 200: { description: 'The record', schema: publicationSchema }, ...unauthorised, 404: notFound },
};

const putDoc: ApiDoc = {
  operationId: 'putPublication',
  summary: 'Save a review’s publication record',
  description:
    'Send the whole record with the version you read. Dates must be real and in order: decisions, checks, copies, publication and deposit today or before; publication not before the final report or the embargo; the family told before publication.',
  tag: 'Reviews',
  access: 'write',
  parameters: [reviewId],
  body: { description: 'The record', schema: putPublicationBody },
  responses: {
    200: { description: 'The record as saved', schema: publicationSchema },
    400: { description: 'The body is not valid: the message names each field and its problem', schema: errorSchema },
    ...unauthorised,
    404: notFound,
    409: { description: 'Someone else changed it first; nothing was saved', schema: publicationConflictSchema },
  },
};

/** GET/PUT /api/v1/reviews/{id}/publication: another partnership's review answers 404. */
export const publicationApiRoutes: FastifyPluginAsync = async (app) => {
  const auth = requireAuth();
  const guard = (api: ApiDoc) => ({ preHandler: auth, config: { api } });

  app.get<{ Params: { id: string } }>('/api/v1/reviews/:id/publication', guard(getDoc), async (request) => {
    const page = await publicationPage(app.db, partnershipActor(request), request.params.id);
    return publicationJson(page.review.id, page.review.type, page.record);
  });

  app.put<{ Params: { id: string } }>('/api/v1/reviews/:id/publication', guard(putDoc), async (request, reply) => {
    const parsed = putPublicationBody.safeParse(request.body);
    if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
    const { version, events, ...input } = parsed.data;
    const actor = partnershipActor(request);
    const outcome = await savePublication(app.db, actor, request.params.id, version, input, app.now(), { events });
    if ('errors' in outcome) {
      throw new BadRequestError(
        Object.entries(outcome.errors)
          .map(([field, message]) => `${field}: ${message}`)
          .join('; '),
      );
    }
    const id = request.params.id;
    if (!outcome.ok) {
      return reply.code(409).send({
        error: { status: 409, message: 'The publication record was changed by someone else: here is the current one' },
        current: publicationJson(id, outcome.type, outcome.conflict),
      });
    }
    return publicationJson(id, outcome.type, outcome.record);
  });
};
