import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BadRequestError } from '../../../lib/errors.js';
import { MAX_VERSION } from '../../../lib/versions.js';
import { errorSchema, pathParam, unauthorised, type ApiDoc, type ApiParameter } from '../../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../../plugins/auth.js';
import { markerJson, questionJson, roundJson } from './api.json.js';
import {
  createRoundBody,
  markerConflictSchema,
  markerRecordSchema,
  putMarkerBody,
  putQuestionBody,
  questionConflictSchema,
  questionResponseSchema,
  roundSchema,
  zodProblems,
} from './api.schemas.js';
import { NO_JUDGEMENT } from './assessments.options.js';
import { createRound } from './assessments.service.js';
import { getMarkerRecord, saveAnswer, saveMarkerRecord, type MarkerRecordView } from './marker-records.service.js';
import { frameworkOf, frameworkOfRound, roundWithMarkers } from '../rounds/overview.service.js';
import { defaultMarkerKeys, orderedSelection } from '../rounds/round-markers.js';

type MarkerParams = { id: string; roundId: string; markerKey: string };

/** The version a write is based on: the body's `version`, or an `If-Match: "3"` header. */
function expectedVersion(request: FastifyRequest, bodyVersion: number | undefined): number {
  const header = request.headers['if-match'];
  const fromHeader = typeof header === 'string' ? Number(header.replace(/^W\//, '').replace(/"/g, '')) : NaN;
  const version = bodyVersion ?? (Number.isInteger(fromHeader) ? fromHeader : undefined);
  if (version === undefined)
    throw new BadRequestError('version: send the version you read, in the body or an If-Match header');
  if (version < 1 || version > MAX_VERSION)
    throw new BadRequestError(`version: must be a whole number from 1 to ${MAX_VERSION}`);
  return version;
}

const reviewId = pathParam('id', 'The review’s ID');
const markerParams = [
  reviewId,
  pathParam('roundId', 'The round’s ID'),
  pathParam('markerKey', 'The marker’s key, like family-involvement'),
];
const ifMatch: ApiParameter = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'The version you read, like "3", when the body has no version',
  schema: z.string(),
};
const noSuchMarker = { description: 'There is no such review, round or marker', schema: errorSchema };

const createRoundDoc: ApiDoc = {
  operationId: 'createRound',
  summary: 'Start an assessment round',
  description:
    'A round can start afresh or copy the judgements of an earlier round. It covers the markers named, or the usual ones for its purpose.',
  tag: 'Assessments',
  access: 'write',
  parameters: [reviewId],
  body: { description: 'The round to start', schema: createRoundBody },
  responses: {
    201: { description: 'The round was started', schema: roundSchema },
    400: { description: 'The body is not valid', schema: errorSchema },
    ...unauthorised,
    404: { description: 'There is no such review in the partnership', schema: errorSchema },
  },
};

const getRoundDoc: ApiDoc = {
  operationId: 'getRound',
  summary: 'Get an assessment round',
  description: 'The round, its judgement scale and the markers it covers.',
  tag: 'Assessments',
  access: 'read',
  parameters: [reviewId, pathParam('roundId', 'The round’s ID')],
  responses: {
    200: { description: 'The round', schema: roundSchema },
    ...unauthorised,
    404: { description: 'There is no such review or round in the partnership', schema: errorSchema },
  },
};

const getMarkerDoc: ApiDoc = {
  operationId: 'getMarkerRecord',
  summary: 'Get the quality record of a marker',
  description: 'The judgement, status, rationale and answers. The ETag header holds the record’s version.',
  tag: 'Assessments',
  access: 'read',
  parameters: markerParams,
  responses: {
    200: { description: 'The marker record', schema: markerRecordSchema },
    ...unauthorised,
    404: noSuchMarker,
  },
};

const saveMarkerDoc: ApiDoc = {
  operationId: 'saveMarkerRecord',
  summary: 'Save the quality record of a marker',
  description:
    'Name the version you read, in the body or an If-Match header. A marker can be ready for sign-off or completed only with a judgement other than "not yet assessed", and a judgement other than "not yet assessed" needs a rationale.',
  tag: 'Assessments',
  access: 'write',
  parameters: [...markerParams, ifMatch],
  body: { description: 'The changes', schema: putMarkerBody },
  responses: {
    200: { description: 'The marker record as saved', schema: markerRecordSchema },
    400: {
      description: 'The body is not valid, names no version, or would leave a done marker with no judgement',
      schema: errorSchema,
    },
    ...unauthorised,
    404: noSuchMarker,
    409: { description: 'Someone else saved the marker first; nothing was saved', schema: markerConflictSchema },
  },
};

const saveAnswerDoc: ApiDoc = {
  operationId: 'saveAnswer',
  summary: 'Save the answer to a question',
  description: 'Name the version you read, in the body or an If-Match header.',
  tag: 'Assessments',
  access: 'write',
  parameters: [...markerParams, pathParam('questionKey', 'The question’s key'), ifMatch],
  body: { description: 'The changes', schema: putQuestionBody },
  responses: {
    200: { description: 'The answer as saved', schema: questionResponseSchema },
    400: { description: 'The body is not valid, or names no version', schema: errorSchema },
    ...unauthorised,
    404: { description: 'There is no such review, round, marker or question', schema: errorSchema },
    409: { description: 'Someone else saved the answer first; nothing was saved', schema: questionConflictSchema },
  },
};

/** Rounds and marker records over JSON. A write naming an old version changes nothing: 409 with the current record. */
export const assessmentsApiRoutes: FastifyPluginAsync = async (app) => {
  const auth = requireAuth();
  const guard = (api: ApiDoc) => ({ preHandler: auth, config: { api } });
  const questionOrder = async (request: FastifyRequest, view: MarkerRecordView, markerKey: string) => {
    const fw = await frameworkOfRound(app.db, partnershipActor(request), view.review, view.round, app.frameworks);
    return (
      fw.stages
        .flatMap((s) => s.markers)
        .find((m) => m.key === markerKey)
        ?.questions.map((q) => q.key) ?? []
    );
  };

  app.post<{ Params: { id: string } }>('/api/v1/reviews/:id/rounds', guard(createRoundDoc), async (request, reply) => {
    const parsed = createRoundBody.safeParse(request.body);
    if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
    const actor = partnershipActor(request);
    const framework = await frameworkOf(app.db, actor, request.params.id, app.frameworks);
    const { markers, ...input } = parsed.data;
    const chosen = markers ? orderedSelection(framework, markers) : defaultMarkerKeys(framework, input.purpose);
    if (!chosen) {
      const unknown = markers!.filter((k) => !orderedSelection(framework, [k]));
      throw new BadRequestError(`markers: the review’s framework has no marker ${unknown.join(', ')}`);
    }
    const round = await createRound(
      app.db,
      actor,
      request.params.id,
      { ...input, markers: chosen },
      framework,
      app.now(),
    );
    return reply.code(201).send(roundJson(round));
  });

  app.get<{ Params: { id: string; roundId: string } }>(
    '/api/v1/reviews/:id/rounds/:roundId',
    guard(getRoundDoc),
    async (request) => {
      const { id, roundId } = request.params;
      return roundJson(await roundWithMarkers(app.db, partnershipActor(request), id, roundId, app.frameworks));
    },
  );

  app.get<{ Params: MarkerParams }>(
    '/api/v1/reviews/:id/rounds/:roundId/markers/:markerKey',
    guard(getMarkerDoc),
    async (request, reply) => {
      const p = request.params;
      const view = await getMarkerRecord(app.db, partnershipActor(request), p.id, p.roundId, p.markerKey);
      const order = await questionOrder(request, view, p.markerKey);
      return reply.header('ETag', `"${view.record.version}"`).send(markerJson(view.record, view.responses, order));
    },
  );

  app.put<{ Params: MarkerParams }>(
    '/api/v1/reviews/:id/rounds/:roundId/markers/:markerKey',
    guard(saveMarkerDoc),
    async (request, reply) => {
      const parsed = putMarkerBody.safeParse(request.body);
      if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
      const { version, owner, judgement, ...rest } = parsed.data;
      const p = request.params;
      const actor = partnershipActor(request);
      const result = await saveMarkerRecord(
        app.db,
        actor,
        { reviewId: p.id, roundId: p.roundId, markerKey: p.markerKey },
        expectedVersion(request, version),
        {
          ...rest,
          // null, as the API shows a marker no one has judged yet, is accepted only while it stays so.
          ...(judgement !== undefined ? { judgement: judgement ?? NO_JUDGEMENT } : {}),
          ...(owner !== undefined ? { owner_user_id: owner } : {}),
        },
        app.now(),
      );
      const view = await getMarkerRecord(app.db, actor, p.id, p.roundId, p.markerKey);
      const body = markerJson(view.record, view.responses, await questionOrder(request, view, p.markerKey));
      if (!result.ok) {
        return reply.code(409).send({
          error: { status: 409, message: 'Someone else saved this marker first: here is the current record' },
          current: body,
        });
      }
      return reply.header('ETag', `"${view.record.version}"`).send(body);
    },
  );

  app.put<{ Params: MarkerParams & { questionKey: string } }>(
    '/api/v1/reviews/:id/rounds/:roundId/markers/:markerKey/questions/:questionKey',
    guard(saveAnswerDoc),
    async (request, reply) => {
      const parsed = putQuestionBody.safeParse(request.body);
      if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
      const { version, ...changes } = parsed.data;
      const p = request.params;
      const result = await saveAnswer(
        app.db,
        partnershipActor(request),
        { reviewId: p.id, roundId: p.roundId, markerKey: p.markerKey, questionKey: p.questionKey },
        expectedVersion(request, version),
        changes,
        app.now(),
      );
      if (!result.ok) {
        return reply.code(409).send({
          error: { status: 409, message: 'Someone else saved this answer first: here is the current answer' },
          current: questionJson(result.conflict),
        });
      }
      return reply.header('ETag', `"${result.record.version}"`).send(questionJson(result.record));
    },
  );
};
