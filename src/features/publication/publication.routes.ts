import type { FastifyPluginAsync } from 'fastify';
import { errorList, field, hasErrors, type FieldErrors } from '../../lib/forms.js';
import { londonDate } from '../../lib/uk-time.js';
import { versionFrom } from '../../lib/versions.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { dateErrorId, dateItems, partsOf, type DatePart } from '../../lib/date-input.js';
import {
  dateInputsOf,
  errorIds,
  parseEvent,
  parsePublication,
  valuesOf,
  type EventForm,
  type PublicationValues,
} from './publication.form.js';
import { isChildrensReview, PUBLICATION_DECISIONS, PUBLICATION_ROLES, repositoryOf } from './publication.options.js';
import {
  addPublicationEvent,
  publicationPage,
  removePublicationEvent,
  savePublication,
} from './publication.service.js';

type IdParams = { id: string };

/** A date the rules found wrong (not a box of it): all three boxes marked. */
const wholeDate = (error: string | undefined): DatePart[] => (error ? ['day', 'month', 'year'] : []);

const labels = { decisions: PUBLICATION_DECISIONS, roles: PUBLICATION_ROLES };

/** The publication page: the record, read by the team and changed by those who run the review. */
export const publicationRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  const render = async (
    request: Parameters<typeof partnershipActor>[0],
    reviewId: string,
    state: {
      values?: PublicationValues;
      errors?: FieldErrors;
      errorParts?: Record<string, DatePart[]>;
      version?: number;
      conflict?: boolean;
      saved?: string;
      event?: EventForm;
    } = {},
  ) => {
    const page = await publicationPage(app.db, partnershipActor(request), reviewId);
    // Before the first save, the date published starts as the review's key date of publication, if it has one.
    const first = page.record.version === 0 ? { publishedOn: page.review.publication_date } : {};
    const values = state.values ?? valuesOf({ ...page.record, ...first });
    const errors = state.errors ?? {};
    const errorParts = state.errorParts ?? {};
    const eventErrors = state.event?.errors ?? {};
    return {
      review: page.review,
      publication: page,
      values,
      errors,
      dates: dateInputsOf(values, errorParts),
      errorSummary: [
        ...errorList(errors, errorIds(errors, errorParts)),
        ...errorList(eventErrors, { heldOn: dateErrorId('heldOn', state.event?.errorParts ?? []) }),
      ],
      version: state.version ?? page.record.version,
      conflict: state.conflict ?? false,
      saved: state.saved,
      event: {
        description: state.event?.values.description ?? '',
        heldOn: dateItems(state.event?.values.heldOn ?? partsOf(null), state.event?.errorParts),
        errors: eventErrors,
      },
      labels,
      children: isChildrensReview(page.review.type),
      repository: repositoryOf(page.review.type),
      today: londonDate(app.now()),
    };
  };

  app.get<{ Params: IdParams; Querystring: { saved?: string } }>(
    '/reviews/:id/publication',
    guard,
    async (request, reply) => {
      const saved = ['record', 'event', 'removed'].includes(request.query.saved ?? '')
        ? request.query.saved
        : undefined;
      return reply.view('publication/publication.njk', await render(request, request.params.id, { saved }));
    },
  );

  app.post<{ Params: IdParams }>('/reviews/:id/publication', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    const form = parsePublication(request.body);
    const version = versionFrom(field(request.body, 'version'));
    const id = request.params.id;
    const outcome = await savePublication(app.db, actor, id, version, form.input, app.now(), {
      formErrors: form.errors,
    });
    if (outcome.ok) return reply.redirect(`/reviews/${id}/publication?saved=record`, 303);
    if ('errors' in outcome && hasErrors(form.errors)) {
      return reply.code(400).view('publication/publication.njk', await render(request, id, { ...form, version }));
    }
    if ('errors' in outcome) {
      const errorParts = Object.fromEntries(Object.entries(outcome.errors).map(([k, e]) => [k, wholeDate(e)]));
      return reply
        .code(400)
        .view(
          'publication/publication.njk',
          await render(request, id, { values: form.values, errors: outcome.errors, errorParts, version }),
        );
    }
    return reply
      .code(409)
      .view(
        'publication/publication.njk',
        await render(request, id, { values: form.values, version: outcome.conflict.version, conflict: true }),
      );
  });

  app.post<{ Params: IdParams }>('/reviews/:id/publication/events', guard, async (request, reply) => {
    const form = parseEvent(request.body);
    const id = request.params.id;
    const outcome = await addPublicationEvent(
      app.db,
      partnershipActor(request),
      id,
      form.input,
      app.now(),
      form.errors,
    );
    if (outcome.ok) return reply.redirect(`/reviews/${id}/publication?saved=event#events`, 303);
    const event = {
      ...form,
      errors: outcome.errors,
      errorParts: form.errorParts.length ? form.errorParts : wholeDate(outcome.errors.heldOn),
    };
    return reply.code(400).view('publication/publication.njk', await render(request, id, { event }));
  });

  app.post<{ Params: IdParams }>('/reviews/:id/publication/events/remove', guard, async (request, reply) => {
    const id = request.params.id;
    await removePublicationEvent(app.db, partnershipActor(request), id, field(request.body, 'event'), app.now());
    return reply.redirect(`/reviews/${id}/publication?saved=removed#events`, 303);
  });
};
