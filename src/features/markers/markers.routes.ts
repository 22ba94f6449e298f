import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { parseAudience, parsePublishedOnly, parseSearchQuery, parseStage, MAX_QUERY_LENGTH } from './markers.form.js';
import {
  getDiffView,
  getMarkerPage,
  getPrintView,
  getVersionsView,
  listFrameworks,
  frameworkAtRef,
  visibleFrameworks,
} from './markers.service.js';
import { searchFrameworks } from './search.js';
import { partnershipActor } from '../../plugins/auth.js';
import { parsePage, searchReviews } from '../search/search.service.js';

type Query = Record<string, unknown>;
/** `key` for the latest version, `key@version` for any version (see docs/framework-format.md). */
type RefParams = { ref: string };

/**
 * The public question browser: no account needed for the built-in frameworks. A request signed in to
 * a partnership also sees that partnership's imported frameworks; nobody else does (404).
 */
export const markersRoutes: FastifyPluginAsync = async (app) => {
  const visible = (req: FastifyRequest) => visibleFrameworks(app.db, app.frameworks, req.auth);
  const resolveOr404 = async (req: FastifyRequest, ref: string) => {
    const resolved = frameworkAtRef(await visible(req), ref);
    if (!resolved) throw new NotFoundError();
    return resolved;
  };
  /** What every page of one framework version needs for its links and the older-version notice. */
  const versionContext = (r: Awaited<ReturnType<typeof resolveOr404>>) => ({
    fwPath: r.path,
    latest: r.latest,
    versionCount: r.versionCount,
  });

  /** The same for every anonymous visitor: rendered once per URL (see plugins/page-cache.ts). */
  const publicPage = { config: { publicPage: true } };

  app.get('/', publicPage, async (req, reply) =>
    reply.view('pages/start.njk', { frameworks: listFrameworks(await visible(req)) }),
  );

  app.get('/frameworks', publicPage, async (req, reply) =>
    reply.view('markers/frameworks.njk', { frameworks: listFrameworks(await visible(req)) }),
  );

  app.get<{ Params: RefParams }>('/frameworks/:ref', publicPage, async (req, reply) => {
    const r = await resolveOr404(req, req.params.ref);
    return reply.view('markers/framework.njk', { framework: r.framework, ...versionContext(r) });
  });

  app.get<{ Params: RefParams }>('/frameworks/:ref/versions', publicPage, async (req, reply) => {
    const view = getVersionsView(await visible(req), req.params.ref);
    if (!view) throw new NotFoundError();
    return reply.view('markers/versions.njk', view);
  });

  app.get<{ Params: RefParams; Querystring: Query }>('/frameworks/:ref/versions/compare', async (req, reply) => {
    const from = typeof req.query.from === 'string' ? req.query.from : '';
    const to = typeof req.query.to === 'string' ? req.query.to : '';
    const key = req.params.ref;
    if (!getVersionsView(await visible(req), key)) throw new NotFoundError();
    if (!/^[0-9.]{1,40}$/.test(from) || !/^[0-9.]{1,40}$/.test(to)) {
      return reply.redirect(`/frameworks/${encodeURIComponent(key)}/versions`, 303);
    }
    return reply.redirect(`/frameworks/${encodeURIComponent(key)}/versions/${from}...${to}`, 303);
  });

  app.get<{ Params: RefParams & { range: string } }>(
    '/frameworks/:ref/versions/:range',
    publicPage,
    async (req, reply) => {
      const view = getDiffView(await visible(req), req.params.ref, req.params.range);
      if (!view) throw new NotFoundError();
      return reply.view('markers/versions-diff.njk', view);
    },
  );

  app.get<{ Params: RefParams; Querystring: Query }>('/frameworks/:ref/print', publicPage, async (req, reply) => {
    const r = await resolveOr404(req, req.params.ref);
    const stage = parseStage(
      req.query,
      r.framework.stages.map((s) => s.key),
    );
    return reply.view('markers/print.njk', { ...getPrintView(r.framework, stage), ...versionContext(r) });
  });

  app.get<{ Params: RefParams; Querystring: Query }>('/frameworks/:ref/checklist.docx', async (req, reply) => {
    const { framework: fw } = await resolveOr404(req, req.params.ref);
    const stage = parseStage(
      req.query,
      fw.stages.map((s) => s.key),
    );
    // The Word builder (and docx) load on first download, not at start-up.
    const { buildChecklistDocx } = await import('./checklist.docx.js');
    const buffer = await buildChecklistDocx(getPrintView(fw, stage));
    const name = `${fw.key}-${fw.version}${stage ? `-${stage}` : ''}-checklist.docx`;
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(buffer);
  });

  app.get<{ Params: RefParams & { marker: string }; Querystring: Query }>(
    '/frameworks/:ref/:marker',
    publicPage,
    async (req, reply) => {
      const r = await resolveOr404(req, req.params.ref);
      const audience = parseAudience(
        req.query,
        r.framework.audiences.map((a) => a.key),
      );
      const page = getMarkerPage(r.framework, req.params.marker, audience, parsePublishedOnly(req.query));
      if (!page) throw new NotFoundError();
      return reply.view('markers/marker.njk', { ...page, ...versionContext(r) });
    },
  );

  app.get<{ Querystring: Query }>('/search', async (req, reply) => {
    const frameworksHere = await visible(req);
    const submitted = 'q' in req.query;
    const form = parseSearchQuery(req.query, submitted);
    const frameworks = form.values.framework
      ? [frameworksHere.latest(form.values.framework)].filter((f) => f !== undefined)
      : frameworksHere.list();
    const hits = form.errors.q ? [] : searchFrameworks(frameworks, form.terms);
    if (form.errors.q) reply.code(400);
    // Signed in to a partnership: its reviews too (features/search), as far as the person may see them.
    const inPartnership = Boolean(req.auth?.organisation && req.auth.role && !req.auth.twoFactorSetupRequired);
    const reviewSearch =
      inPartnership && submitted && !form.errors.q
        ? await searchReviews(app.db, app.frameworks, partnershipActor(req), form.values.q, parsePage(req.query.page))
        : undefined;
    return reply.view('markers/search.njk', {
      inPartnership,
      reviewSearch,
      form,
      hits,
      submitted,
      maxLength: MAX_QUERY_LENGTH,
      frameworks: listFrameworks(frameworksHere),
    });
  });

  for (const page of ['about', 'accessibility', 'privacy'] as const) {
    app.get(`/${page}`, publicPage, async (_req, reply) =>
      reply.view(`pages/${page}.njk`, { frameworks: app.frameworks.list() }),
    );
  }
};
