import type { FastifyPluginAsync } from 'fastify';
import { BadRequestError } from '../../lib/errors.js';
import { z } from 'zod';
import { errorSchema, pathParam, unauthorised, type ApiDoc } from '../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { roundJson } from '../assessments/records/api.json.js';
import { moveFrameworkBody, zodProblems } from '../assessments/records/api.schemas.js';
import { movePreviewJson, reviewPinJson } from './api.json.js';
import { frameworkMoveConflictSchema, frameworkMoveSchema } from './move-api.schemas.js';
import { applyMove, chooseTarget, moveChoices, previewMove, requireMayMove } from './move.service.js';

const moveDoc: ApiDoc = {
  operationId: 'moveReviewFramework',
  summary: 'Move a review to a newer framework version',
  description:
    'With dryRun=true, says what would be carried over, added and dropped, and changes nothing; anyone on the ' +
    'review may ask. Otherwise moves the review (business manager, chair or partnership admin only), at the ' +
    'review version you read. Existing rounds keep the version they were made with; nothing is deleted.',
  tag: 'Reviews',
  access: 'write',
  parameters: [
    pathParam('id', 'The review’s ID'),
    {
      name: 'dryRun',
      in: 'query',
      required: false,
      description: 'true: only preview the move',
      schema: z.enum(['true', 'false']),
    },
  ],
  body: { description: 'The version to move to', schema: moveFrameworkBody },
  responses: {
    200: { description: 'The review moved, or the preview of a dry run', schema: frameworkMoveSchema },
    400: {
      description: 'The body is not valid, or the version does not exist or is not newer than the review’s',
      schema: errorSchema,
    },
    ...unauthorised,
    404: { description: 'There is no such review in the partnership', schema: errorSchema },
    409: { description: 'Someone else changed the review first; nothing moved', schema: frameworkMoveConflictSchema },
  },
};

/**
 * POST /api/v1/reviews/{id}/framework-version: with ?dryRun=true, what moving the review to a newer
 * version would carry over, add and drop; otherwise the move itself, at the review version read.
 */
export const moveApiRoutes: FastifyPluginAsync = async (app) => {
  app.post<{ Params: { id: string }; Querystring: { dryRun?: string } }>(
    '/api/v1/reviews/:id/framework-version',
    { preHandler: requireAuth(), config: { api: moveDoc } },
    async (request, reply) => {
      const parsed = moveFrameworkBody.safeParse(request.body);
      if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
      const body = parsed.data;
      const dryRun = request.query.dryRun === 'true';
      const actor = partnershipActor(request);
      const choices = await moveChoices(app.db, actor, request.params.id, app.frameworks);
      if (!dryRun) requireMayMove(choices);
      const target = chooseTarget(choices, body.version);
      if (!target.ok) throw new BadRequestError(`version: ${target.error}`);
      const preview = movePreviewJson(await previewMove(app.db, actor, choices, target.framework));
      if (dryRun) return { dryRun: true, review: reviewPinJson(choices.review), round: null, preview };
      if (body.reviewVersion === undefined) {
        throw new BadRequestError('reviewVersion: send the version of the review you read');
      }
      const result = await applyMove(
        app.db,
        actor,
        choices,
        target.framework,
        { reviewVersion: body.reviewVersion, startRound: body.startRound },
        app.now(),
      );
      if (!result.ok) {
        return reply.code(409).send({
          error: { status: 409, message: 'The review was changed by someone else: nothing moved' },
          current: reviewPinJson(result.conflict),
        });
      }
      return reply.header('ETag', `"${result.review.version}"`).send({
        dryRun: false,
        review: reviewPinJson(result.review),
        round: result.round && roundJson(result.round),
        preview,
      });
    },
  );
};
