import type { FastifyPluginAsync } from 'fastify';
import { BadRequestError } from '../../lib/errors.js';
import { londonDate } from '../../lib/uk-time.js';
import { errorSchema, pathParam, unauthorised, type ApiDoc } from '../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { zodProblems } from '../reviews/api.schemas.js';
import { agencySummaryJson, referralJson } from './api.json.js';
import {
  createReferralBody,
  decisionBody,
  decisionResultSchema,
  referralListSchema,
  referralSchema,
} from './api.schemas.js';
import { recordDecision } from './decision.service.js';
import { createReferral, getReferral, listRegister } from './referrals.service.js';

const referralId = pathParam('id', 'The referral’s ID');
const notFound = { description: 'There is no such referral in the partnership', schema: errorSchema };
const invalid = { description: 'The body is not valid: the message says what to change', schema: errorSchema };

const listDoc: ApiDoc = {
  operationId: 'listReferrals',
  summary: 'List the referral register',
  description: 'Every referral and notification the partnership received, including those not taken forward.',
  tag: 'Reviews',
  access: 'read',
  responses: { 200: { description: 'The register', schema: referralListSchema }, ...unauthorised },
};

const createDoc: ApiDoc = {
  operationId: 'createReferral',
  summary: 'Record a referral or notification',
  tag: 'Reviews',
  access: 'write',
  body: { description: 'The referral', schema: createReferralBody },
  responses: {
    201: { description: 'Recorded; Location gives its address', schema: referralSchema },
    400: invalid,
    ...unauthorised,
  },
};

const getDoc: ApiDoc = {
  operationId: 'getReferral',
  summary: 'Get a referral, its rapid review and decision',
  tag: 'Reviews',
  access: 'read',
  parameters: [referralId],
  responses: { 200: { description: 'The referral', schema: referralSchema }, ...unauthorised, 404: notFound },
};

const decideDoc: ApiDoc = {
  operationId: 'decideReferral',
  summary: 'Record the decision on a referral',
  description:
    'A decision to review (lcspr, sar-mandatory, sar-discretionary) starts the review, linked to the referral, and answers 201 with its reviewId. Once that review exists only an admin may change the decision, with a changeReason.',
  tag: 'Reviews',
  access: 'write',
  parameters: [referralId],
  body: { description: 'The decision', schema: decisionBody },
  responses: {
    200: { description: 'Recorded; no review was started', schema: decisionResultSchema },
    201: { description: 'Recorded, and the review started', schema: decisionResultSchema },
    400: invalid,
    ...unauthorised,
    404: notFound,
    409: {
      description: 'The referral changed first, or was already converted: nothing was saved',
      schema: errorSchema,
    },
  },
};

/** The referral register's API: another partnership's ids answer 404. */
export const referralsApiRoutes: FastifyPluginAsync = async (app) => {
  const guard = (api: ApiDoc) => ({ preHandler: requireAuth(), config: { api } });
  const today = () => londonDate(app.now());

  async function full(request: Parameters<typeof partnershipActor>[0], id: string) {
    const { referral, requests } = await getReferral(app.db, partnershipActor(request), id, today());
    return { ...referralJson(referral), agencySummaries: requests.map(agencySummaryJson) };
  }

  app.get('/api/v1/referrals', guard(listDoc), async (request) => {
    const { referrals } = await listRegister(app.db, partnershipActor(request), {}, today());
    return { referrals: referrals.map(referralJson) };
  });

  app.post('/api/v1/referrals', guard(createDoc), async (request, reply) => {
    const parsed = createReferralBody.safeParse(request.body);
    if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
    const body = parsed.data;
    const row = await createReferral(
      app.db,
      partnershipActor(request),
      { ...body, awareOn: body.awareOn ?? null },
      app.now(),
      today(),
    );
    return reply
      .code(201)
      .header('Location', `/api/v1/referrals/${row.id}`)
      .send(await full(request, row.id));
  });

  app.get<{ Params: { id: string } }>('/api/v1/referrals/:id', guard(getDoc), async (request) =>
    full(request, request.params.id),
  );

  app.post<{ Params: { id: string } }>('/api/v1/referrals/:id/decision', guard(decideDoc), async (request, reply) => {
    const parsed = decisionBody.safeParse(request.body);
    if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
    const body = parsed.data;
    const actor = partnershipActor(request);
    const { referral } = await getReferral(app.db, actor, request.params.id, today(), { audit: false });
    const children = referral.route === 'serious-incident-notification';
    const result = await recordDecision(
      app.db,
      app.frameworks,
      actor,
      referral.id,
      body.version ?? null,
      {
        outcome: body.outcome,
        reasons: body.reasons,
        criteria: body.criteria,
        decidedOn: body.decidedOn ?? today(),
        decidedByRole: body.decidedByRole ?? (children ? 'The safeguarding partners' : 'The Safeguarding Adults Board'),
        changeReason: body.changeReason ?? null,
      },
      app.now(),
      today(),
    );
    return reply
      .code(result.reviewId ? 201 : 200)
      .send({ reviewId: result.reviewId, referral: await full(request, referral.id) });
  });
};
