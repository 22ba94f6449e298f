import type { FastifyPluginAsync } from 'fastify';
import { errorList } from '../../lib/forms.js';
import { pageNumberOf, pageOf, paginationLinks } from '../../lib/pagination.js';
import { londonDate } from '../../lib/uk-time.js';
import { dateItems, partsOf } from '../../lib/date-input.js';
import { partnershipActor, requireAuth } from '../../plugins/auth.js';
import { criteriaItems, isRoute, parseReferral } from './referrals.form.js';
import { labels } from './labels.js';
import { createReferral, getReferral, InvalidInputError, listRegister, requireManage } from './referrals.service.js';
import { ROUTES, STAGES } from './referrals.options.js';

type Query = { route?: string; stage?: string; saved?: string; page?: string };

/** Referrals on one page of the register. */
const REGISTER_PAGE_SIZE = 50;
const breadcrumbs = [{ text: 'Referrals', href: '/referrals' }];

/** The register, recording a referral, and one referral's page. */
export const referralsRoutes: FastifyPluginAsync = async (app) => {
  const guard = { preHandler: requireAuth() };
  const today = () => londonDate(app.now());

  app.get<{ Querystring: Query }>('/referrals', guard, async (request, reply) => {
    const route = (ROUTES as readonly string[]).includes(request.query.route ?? '') ? request.query.route : '';
    const stage = (STAGES as readonly string[]).includes(request.query.stage ?? '') ? request.query.stage : '';
    const { access, referrals } = await listRegister(app.db, partnershipActor(request), { route, stage }, today());
    const shown = pageOf(referrals, pageNumberOf(request.query.page), REGISTER_PAGE_SIZE);
    const hrefOf = (page: number) => {
      const params = new URLSearchParams({ ...(route ? { route } : {}), ...(stage ? { stage } : {}) });
      if (page > 1) params.set('page', String(page));
      return `/referrals${params.size ? `?${params.toString()}` : ''}`;
    };
    return reply.view('referrals/list.njk', {
      access,
      referrals: shown.rows,
      shown,
      pagination: paginationLinks(shown.page, shown.pages, hrefOf),
      filters: { route, stage },
      labels,
    });
  });

  app.get<{ Querystring: Query }>('/referrals/new', guard, async (request, reply) => {
    await requireManage(app.db, partnershipActor(request));
    const route = request.query.route ?? '';
    if (!isRoute(route)) return reply.view('referrals/new.njk', { choose: true, labels, breadcrumbs });
    const blank = { receivedOn: dateItems(partsOf(null)), awareOn: dateItems(partsOf(null)) };
    return reply.view('referrals/new.njk', newPage(route, blank, {}));
  });

  app.post<{ Querystring: Query }>('/referrals/new', guard, async (request, reply) => {
    const actor = partnershipActor(request);
    await requireManage(app.db, actor);
    const route = (request.body as Record<string, unknown> | undefined)?.route;
    if (typeof route !== 'string' || !isRoute(route)) {
      return reply.code(400).view('referrals/new.njk', {
        choose: true,
        labels,
        breadcrumbs,
        errors: { route: 'Select whether it is about a child or an adult' },
        errorSummary: [{ text: 'Select whether it is about a child or an adult', href: '#route' }],
      });
    }
    const form = parseReferral(request.body, route);
    try {
      const referral = await createReferral(app.db, actor, form.input, app.now(), today(), form.errors);
      return await reply.redirect(`/referrals/${referral.id}?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      const ids = { ...form.ids, ...criteriaIds(error.errors) };
      return reply.code(400).view('referrals/new.njk', {
        ...newPage(route, form.values, error.errors),
        errorSummary: errorList(error.errors, ids),
      });
    }
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/referrals/:id', guard, async (request, reply) => {
    const found = await getReferral(app.db, partnershipActor(request), request.params.id, today());
    return reply.view('referrals/show.njk', { ...found, labels, breadcrumbs, saved: request.query.saved ?? '' });
  });
};

/** Where each criterion's error links: its first radio. */
const criteriaIds = (errors: Record<string, string | undefined>) =>
  Object.fromEntries(
    Object.keys(errors)
      .filter((k) => k.startsWith('criteria-'))
      .map((k) => [k, k]),
  );

function newPage(
  route: Parameters<typeof criteriaItems>[0],
  values: Record<string, unknown>,
  errors: Record<string, string | undefined>,
) {
  const answers = (values.criteria as Record<string, string> | undefined) ?? {};
  return { route, values, errors, criteria: criteriaItems(route, answers, errors), labels, breadcrumbs };
}
