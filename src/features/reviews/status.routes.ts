import type { FastifyPluginAsync } from 'fastify';
import { dateErrorId, dateItems, partsOf, type DatePart, type DateParts } from '../../lib/date-input.js';
import { errorList, type FieldErrors } from '../../lib/forms.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { REVIEW_STATUSES } from './reviews.options.js';
import { parseStatus } from './status.form.js';
import { moveStatus, statusPage } from './status.service.js';

type IdParams = { id: string };

/** Where each error in the summary links: the field, or the list of what a move still needs. */
const ERROR_IDS: Record<string, string> = {
  to: 'to',
  scope: 'status-rules',
  publication: 'status-rules',
  response: 'status-rules',
};

/** A review's status: where it is, moving it (those who run the review), and its timeline (everyone on it). */
export const statusRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  const render = async (
    request: Parameters<typeof partnershipActor>[0],
    reviewId: string,
    state: {
      values?: { to: string; reason: string; override: boolean; termsAgreedOn: DateParts };
      errors?: FieldErrors;
      dateErrorParts?: DatePart[];
      moved?: boolean;
      conflict?: boolean;
    } = {},
  ) => {
    const page = await statusPage(app.db, partnershipActor(request), reviewId);
    const errors = state.errors ?? {};
    const dateParts = state.dateErrorParts?.length
      ? state.dateErrorParts
      : errors.termsAgreedOn
        ? (['day', 'month', 'year'] as DatePart[])
        : [];
    const values = state.values ?? {
      to: '',
      reason: '',
      override: false,
      termsAgreedOn: partsOf(page.termsAgreedOn),
    };
    return {
      ...page,
      statusLabel: REVIEW_STATUSES[page.review.status],
      values,
      errors,
      errorSummary: errorList(errors, {
        ...ERROR_IDS,
        termsAgreedOn: dateErrorId('termsAgreedOn', dateParts),
      }),
      termsItems: dateItems(values.termsAgreedOn, dateParts),
      moved: state.moved ?? false,
      conflict: state.conflict ?? false,
    };
  };

  app.get<{ Params: IdParams; Querystring: { moved?: string } }>('/reviews/:id/status', guard, async (request, reply) =>
    reply.view('reviews/status.njk', await render(request, request.params.id, { moved: !!request.query.moved })),
  );

  app.post<{ Params: IdParams }>('/reviews/:id/status', guard, async (request, reply) => {
    const id = request.params.id;
    const form = parseStatus(request.body);
    const outcome = await moveStatus(app.db, partnershipActor(request), id, form.input, app.now());
    if (outcome.ok) return reply.redirect(`/reviews/${id}/status?moved=1`, 303);
    if ('errors' in outcome) {
      const dateErrorParts = form.dateError ? form.dateErrorParts : undefined;
      return reply
        .code(400)
        .view(
          'reviews/status.njk',
          await render(request, id, { values: form.values, errors: outcome.errors, dateErrorParts }),
        );
    }
    return reply
      .code(409)
      .view('reviews/status.njk', await render(request, id, { values: { ...form.values, to: '' }, conflict: true }));
  });
};
