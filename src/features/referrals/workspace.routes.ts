import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList, field, type FieldErrors } from '../../lib/forms.js';
import { dateItems, partsOf } from '../../lib/date-input.js';
import { NotFoundError } from '../../lib/errors.js';
import { versionFrom } from '../../lib/versions.js';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { labels } from './labels.js';
import {
  parseNotices,
  parseRapidReview,
  parseRequest,
  parseRequestUpdate,
  rapidReviewValues,
} from './referrals.form.js';
import { NOTICES } from './referrals.options.js';
import { getReferral, InvalidInputError, requireManage, StaleReferralError } from './referrals.service.js';
import { addRequest, recordNotices, saveRapidReview, updateRequest } from './rapid-review.service.js';

type Params = { id: string; requestId?: string };

/** The children's rapid review: its details, the agency summaries asked for, and who was told of the decision. */
export const workspaceRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const today = () => londonDate(app.now());

  /** A child's referral the person may change, for a form page. */
  async function forForm(request: { params: Params } & Parameters<typeof partnershipActor>[0]) {
    const actor = partnershipActor(request);
    await requireManage(app.db, actor);
    const found = await getReferral(app.db, actor, request.params.id, today(), { audit: false });
    if (found.referral.route !== 'serious-incident-notification') throw new NotFoundError();
    return { actor, ...found };
  }

  /** Runs a save; a refusal re-renders the form with its messages and what was typed. */
  async function saveOr(
    reply: FastifyReply,
    save: () => Promise<unknown>,
    redirect: string,
    page: (errors: FieldErrors) => [string, object],
  ) {
    try {
      await save();
      return await reply.redirect(redirect, 303);
    } catch (error) {
      if (error instanceof StaleReferralError) {
        // Nothing saved, nothing typed lost: the form comes back as typed, under a "Not saved" banner.
        const [template, context] = page({});
        return reply.code(409).view(template, { ...context, conflict: error.message });
      }
      if (!(error instanceof InvalidInputError)) throw error;
      const [template, context] = page(error.errors);
      return reply.code(400).view(template, context);
    }
  }

  const crumbs = (id: string) => [
    { text: 'Referrals', href: '/referrals' },
    { text: 'Referral', href: `/referrals/${id}` },
  ];

  app.get<{ Params: Params }>('/referrals/:id/rapid-review', guard, async (request, reply) => {
    const { referral } = await forForm(request);
    return reply.view('referrals/rapid-review.njk', {
      referral,
      values: rapidReviewValues(referral),
      errors: {},
      breadcrumbs: crumbs(referral.id),
    });
  });

  app.post<{ Params: Params }>('/referrals/:id/rapid-review', guard, async (request, reply) => {
    const { actor, referral } = await forForm(request);
    const form = parseRapidReview(request.body);
    const version = versionFrom(field(request.body, 'version'));
    return saveOr(
      reply,
      () => saveRapidReview(app.db, actor, referral.id, version, form.input, app.now(), today(), form.errors),
      `/referrals/${referral.id}?saved=rapid-review`,
      (errors) => [
        'referrals/rapid-review.njk',
        {
          referral,
          values: form.values,
          errors,
          errorSummary: errorList(errors, form.ids),
          breadcrumbs: crumbs(referral.id),
        },
      ],
    );
  });

  app.get<{ Params: Params }>('/referrals/:id/requests/new', guard, async (request, reply) => {
    const { referral } = await forForm(request);
    const values = { requestedOn: dateItems(partsOf(today())), workingDays: '5', agency: '' };
    return reply.view('referrals/request.njk', { referral, values, errors: {}, breadcrumbs: crumbs(referral.id) });
  });

  app.post<{ Params: Params }>('/referrals/:id/requests/new', guard, async (request, reply) => {
    const { actor, referral } = await forForm(request);
    const form = parseRequest(request.body);
    return saveOr(
      reply,
      () => addRequest(app.db, actor, referral.id, form.input, app.now(), today(), form.errors),
      `/referrals/${referral.id}?saved=request#agency-summaries`,
      (errors) => [
        'referrals/request.njk',
        {
          referral,
          values: form.values,
          errors,
          errorSummary: errorList(errors, form.ids),
          breadcrumbs: crumbs(referral.id),
        },
      ],
    );
  });

  app.get<{ Params: Params }>('/referrals/:id/requests/:requestId', guard, async (request, reply) => {
    const { referral, requests } = await forForm(request);
    const item = requests.find((q) => q.id === request.params.requestId);
    if (!item) throw new NotFoundError();
    const values = { chasedOn: dateItems(partsOf(item.chased_on)), receivedOn: dateItems(partsOf(item.received_on)) };
    return reply.view('referrals/request-update.njk', {
      referral,
      item,
      values,
      errors: {},
      breadcrumbs: crumbs(referral.id),
    });
  });

  app.post<{ Params: Params }>('/referrals/:id/requests/:requestId', guard, async (request, reply) => {
    const { actor, referral, requests } = await forForm(request);
    const item = requests.find((q) => q.id === request.params.requestId);
    if (!item) throw new NotFoundError();
    const form = parseRequestUpdate(request.body);
    return saveOr(
      reply,
      () => updateRequest(app.db, actor, referral.id, item.id, form.input, app.now(), today(), form.errors),
      `/referrals/${referral.id}?saved=request#agency-summaries`,
      (errors) => [
        'referrals/request-update.njk',
        {
          referral,
          item,
          values: form.values,
          errors,
          errorSummary: errorList(errors, form.ids),
          breadcrumbs: crumbs(referral.id),
        },
      ],
    );
  });

  app.get<{ Params: Params }>('/referrals/:id/notices', guard, async (request, reply) => {
    const { referral } = await forForm(request);
    if (!referral.outcome) throw new NotFoundError();
    const values = Object.fromEntries(NOTICES.map((n) => [n.key, dateItems(partsOf(referral[n.column]))]));
    return reply.view('referrals/notices.njk', {
      referral,
      values,
      errors: {},
      notices: NOTICES,
      labels,
      breadcrumbs: crumbs(referral.id),
    });
  });

  app.post<{ Params: Params }>('/referrals/:id/notices', guard, async (request, reply) => {
    const { actor, referral } = await forForm(request);
    if (!referral.outcome) throw new NotFoundError();
    const form = parseNotices(request.body);
    const version = versionFrom(field(request.body, 'version'));
    return saveOr(
      reply,
      () => recordNotices(app.db, actor, referral.id, version, form.input, app.now(), today(), form.errors),
      `/referrals/${referral.id}?saved=notices`,
      (errors) => [
        'referrals/notices.njk',
        {
          referral,
          values: form.values,
          errors,
          errorSummary: errorList(errors, form.ids),
          notices: NOTICES,
          labels,
          breadcrumbs: crumbs(referral.id),
        },
      ],
    );
  });
};
