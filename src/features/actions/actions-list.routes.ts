import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { errorList, hasErrors, type FieldErrors } from '../../lib/forms.js';
import { paginationLinks } from '../../lib/pagination.js';
import { londonDate } from '../../lib/uk-time.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { parseBulk, parseFilter, type BulkForm, type FilterForm } from './actions.form.js';
import { reviewActionsPage, type ActionFilter } from './actions.service.js';
import { trackerPage } from './tracker.service.js';
import { LABELS, present } from './actions.view.js';
import { bulkScope, bulkUpdate } from './bulk.service.js';
import { dateErrorId, dateItems } from '../../lib/date-input.js';

type IdParams = { id: string };

/** The filter's query string at page `n` of the tracker (page 1 has no number, as the reviews list). */
function withPage(query: string, n: number) {
  const params = new URLSearchParams(query);
  if (n > 1) params.set('page', String(n));
  return params.toString();
}

/** The lists of actions (one review's, or the partnership's), their GET filter and the bulk update. */
export const actionsListRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };

  async function render(
    reply: FastifyReply,
    reviewId: string | undefined,
    filterForm: FilterForm,
    extra: { code?: number; bulk?: BulkForm; bulkErrors?: FieldErrors; updated?: number; imported?: number } = {},
  ) {
    const actor = partnershipActor(reply.request);
    const today = londonDate(app.now());
    const filter: ActionFilter = hasErrors(filterForm.errors) ? {} : filterForm.filter;
    const page = reviewId
      ? { ...(await reviewActionsPage(app.db, actor, reviewId, filter, today)), shown: undefined }
      : { review: undefined, ...(await trackerPage(app.db, actor, filter, today, filterForm.page)) };
    const errors = { ...filterForm.errors, ...extra.bulkErrors };
    const firstRow = page.actions.find((a) => a.canChange);
    const errorSummary = errorList(errors, {
      dueBefore: dateErrorId('dueBefore', filterForm.dueErrorParts),
      selected: firstRow ? `select-${firstRow.id}` : 'bulkStatus',
    });
    const base = reviewId ? `/reviews/${reviewId}/actions` : '/actions';
    const shown = page.shown;
    const pageHref = (n: number) => [base, withPage(filterForm.query, n)].filter(Boolean).join('?');
    return reply.code(extra.code ?? (hasErrors(filterForm.errors) ? 400 : 200)).view('actions/list.njk', {
      ...page,
      actions: page.actions.map(present),
      base,
      filterValues: filterForm.values,
      filtered: Boolean(filterForm.query),
      query: filterForm.query,
      // The bulk update comes back to the page it was sent from.
      back: shown ? withPage(filterForm.query, shown.page) : filterForm.query,
      pagination: shown ? paginationLinks(shown.page, shown.pages, pageHref) : null,
      dueBeforeItems: dateItems(filterForm.values.dueBefore, filterForm.dueErrorParts),
      bulk: extra.bulk ?? { items: [], status: '', rag: '' },
      selected: new Set(extra.bulk?.items.map((i) => i.id) ?? []),
      errors,
      errorSummary,
      updated: extra.updated,
      imported: extra.imported,
      labels: LABELS,
    });
  }

  async function bulk(reply: FastifyReply, reviewId: string | undefined, body: unknown) {
    const actor = partnershipActor(reply.request);
    await bulkScope(app.db, actor, reviewId);
    const form = parseBulk(body);
    const filterForm = parseFilter(Object.fromEntries(new URLSearchParams(form.back)));
    if (hasErrors(form.errors))
      return render(reply, reviewId, filterForm, { code: 400, bulk: form, bulkErrors: form.errors });
    const result = await bulkUpdate(app.db, actor, reviewId, form.items, form.changes, app.now());
    if (!result.ok) {
      const names = result.stale.map((a) => `action ${a.number} (${a.title})`).join(', ');
      const bulkErrors = {
        selected: `Nothing was updated: someone else changed ${names} after you opened this page. Check the list below, then update again`,
      };
      return render(reply, reviewId, filterForm, { code: 409, bulk: form, bulkErrors });
    }
    const base = reviewId ? `/reviews/${reviewId}/actions` : '/actions';
    const query = new URLSearchParams(form.back);
    query.set('updated', String(result.count));
    return reply.redirect(`${base}?${query.toString()}`, 303);
  }

  app.get<{ Params: IdParams; Querystring: Record<string, string> }>(
    '/reviews/:id/actions',
    guard,
    async (request, reply) =>
      render(reply, request.params.id, parseFilter(request.query), {
        updated: Number(request.query.updated) || undefined,
        imported: Number(request.query.imported) || undefined,
      }),
  );

  app.post<{ Params: IdParams }>('/reviews/:id/actions/bulk', guard, async (request, reply) =>
    bulk(reply, request.params.id, request.body),
  );

  app.get<{ Querystring: Record<string, string> }>('/actions', guard, async (request, reply) =>
    render(reply, undefined, parseFilter(request.query), { updated: Number(request.query.updated) || undefined }),
  );

  app.post('/actions/bulk', guard, async (request, reply) => bulk(reply, undefined, request.body));
};
