/**
 * A child's rapid review through the API: its details, and the agency summaries asked for, through the
 * same services as the pages. An adult's referral has none (404), as another partnership's referral.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import { londonDate } from '../../lib/uk-time.js';
import { errorSchema, pathParam, unauthorised, type ApiDoc } from '../../plugins/api-docs.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { zodProblems } from '../reviews/api.schemas.js';
import { agencySummaryJson } from './api.json.js';
import { agencySummarySchema } from './api.schemas.js';
import {
  agencyRequestBody,
  agencyRequestPatchBody,
  putRapidReviewBody,
  rapidReviewSchema,
} from './rapid-review-api.schemas.js';
import { addRequest, saveRapidReview, updateRequest } from './rapid-review.service.js';
import { getReferral } from './referrals.service.js';

type Params = { id: string; requestId?: string };

const referralId = pathParam('id', 'The referral’s ID (a child’s notification)');
const requestId = pathParam('requestId', 'The agency summary request’s ID');
const notFound = {
  description: 'There is no such child’s notification (or request) in the partnership',
  schema: errorSchema,
};
const invalid = { description: 'The body is not valid: the message says what to change', schema: errorSchema };
const forbidden = { description: 'The token’s person may read the register but not change it', schema: errorSchema };

const getDoc: ApiDoc = {
  operationId: 'getRapidReview',
  summary: 'Get a child’s rapid review',
  description: 'Its details and the agency summaries requested, each with its due date in working days.',
  tag: 'Reviews',
  access: 'read',
  parameters: [referralId],
  responses: { 200: { description: 'The rapid review', schema: rapidReviewSchema }, ...unauthorised, 404: notFound },
};

const putDoc: ApiDoc = {
  operationId: 'putRapidReview',
  summary: 'Save a child’s rapid review’s details',
  description:
    'Immediate safety actions, the meeting date, when it was sent to the Panel and the Panel’s response. Dates are checked as on the page: none in the future or before the notification, the response not before it was sent.',
  tag: 'Reviews',
  access: 'write',
  parameters: [referralId],
  body: { description: 'The details, all of them', schema: putRapidReviewBody },
  responses: {
    200: { description: 'Saved', schema: rapidReviewSchema },
    400: invalid,
    ...unauthorised,
    403: forbidden,
    404: notFound,
    409: { description: 'The referral changed since the version sent: nothing was saved', schema: errorSchema },
  },
};

const addDoc: ApiDoc = {
  operationId: 'requestAgencySummary',
  summary: 'Record a request to an agency for its summary',
  tag: 'Reviews',
  access: 'write',
  parameters: [referralId],
  body: { description: 'The request', schema: agencyRequestBody },
  responses: {
    201: { description: 'Recorded; Location gives the rapid review', schema: agencySummarySchema },
    400: invalid,
    ...unauthorised,
    403: forbidden,
    404: notFound,
  },
};

const patchDoc: ApiDoc = {
  operationId: 'updateAgencySummary',
  summary: 'Record when an agency was chased or its summary received',
  tag: 'Reviews',
  access: 'write',
  parameters: [referralId, requestId],
  body: { description: 'The dates to change', schema: agencyRequestPatchBody },
  responses: {
    200: { description: 'Saved', schema: agencySummarySchema },
    400: invalid,
    ...unauthorised,
    403: forbidden,
    404: notFound,
  },
};

export const rapidReviewApiRoutes: FastifyPluginAsync = async (app) => {
  const guard = (api: ApiDoc) => ({ preHandler: requireAuth(), config: { api } });
  const today = () => londonDate(app.now());

  /** The child's referral and its requests as the person may read them; an adult's is 404. */
  async function rapidReviewOf(request: Parameters<typeof partnershipActor>[0], id: string, audit = true) {
    const found = await getReferral(app.db, partnershipActor(request), id, today(), { audit });
    if (found.referral.route !== 'serious-incident-notification') throw new NotFoundError();
    return found;
  }

  async function json(request: Parameters<typeof partnershipActor>[0], id: string, audit = true) {
    const { referral: r, requests } = await rapidReviewOf(request, id, audit);
    return {
      referralId: r.id,
      dueOn: r.rapidReviewDue!,
      overdue: r.rapidReviewOverdue,
      safetyActions: r.safety_actions,
      meetingOn: r.meeting_on,
      submittedOn: r.submitted_on,
      panelResponseOn: r.panel_response_on,
      panelResponse: r.panel_response,
      agencySummaries: requests.map(agencySummaryJson),
      version: r.version,
    };
  }

  function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new BadRequestError(zodProblems(parsed.error));
    return parsed.data;
  }

  app.get<{ Params: Params }>('/api/v1/referrals/:id/rapid-review', guard(getDoc), async (request) =>
    json(request, request.params.id),
  );

  app.put<{ Params: Params }>('/api/v1/referrals/:id/rapid-review', guard(putDoc), async (request) => {
    const { version, ...body } = parse(putRapidReviewBody, request.body);
    const { referral } = await rapidReviewOf(request, request.params.id, false);
    const input = { ...body, safetyActions: body.safetyActions || null, panelResponse: body.panelResponse || null };
    await saveRapidReview(app.db, partnershipActor(request), referral.id, version, input, app.now(), today());
    return json(request, referral.id, false);
  });

  app.post<{ Params: Params }>('/api/v1/referrals/:id/rapid-review/requests', guard(addDoc), async (request, reply) => {
    const body = parse(agencyRequestBody, request.body);
    const { referral } = await rapidReviewOf(request, request.params.id, false);
    const id = await addRequest(app.db, partnershipActor(request), referral.id, body, app.now(), today());
    const { requests } = await rapidReviewOf(request, referral.id, false);
    return reply
      .code(201)
      .header('Location', `/api/v1/referrals/${referral.id}/rapid-review`)
      .send(agencySummaryJson(requests.find((q) => q.id === id)!));
  });

  app.patch<{ Params: Params }>(
    '/api/v1/referrals/:id/rapid-review/requests/:requestId',
    guard(patchDoc),
    async (request) => {
      const body = parse(agencyRequestPatchBody, request.body);
      const { referral, requests } = await rapidReviewOf(request, request.params.id, false);
      const item = requests.find((q) => q.id === request.params.requestId);
      if (!item) throw new NotFoundError();
      const input = {
        chasedOn: body.chasedOn === undefined ? item.chased_on : body.chasedOn,
        receivedOn: body.receivedOn === undefined ? item.received_on : body.receivedOn,
      };
      await updateRequest(app.db, partnershipActor(request), referral.id, item.id, input, app.now(), today());
      const after = (await rapidReviewOf(request, referral.id, false)).requests.find((q) => q.id === item.id)!;
      return agencySummaryJson(after);
    },
  );
};
