import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { buildChecklistDocx } from './checklist.docx.js';
import { parseAudience, parseSearchQuery, parseStage, MAX_QUERY_LENGTH } from './markers.form.js';
import {
  getFramework,
  getMarkerPage,
  getPrintView,
  listFrameworks,
  type FrameworkCatalogue,
} from './markers.service.js';
import { searchFrameworks } from './search.js';

export interface MarkersRoutesOptions {
  catalogue: FrameworkCatalogue;
}

type Query = Record<string, unknown>;
type KeyParams = { key: string };

/** The public question browser: no account needed. */
export const markersRoutes: FastifyPluginAsync<MarkersRoutesOptions> = async (app, { catalogue }) => {
  const frameworkOr404 = (key: string) => {
    const fw = getFramework(catalogue, key);
    if (!fw) throw new NotFoundError();
    return fw;
  };

  app.get('/', async (_req, reply) => reply.view('pages/start.njk', { frameworks: listFrameworks(catalogue) }));

  app.get('/frameworks', async (_req, reply) =>
    reply.view('markers/frameworks.njk', { frameworks: listFrameworks(catalogue) }),
  );

  app.get<{ Params: KeyParams }>('/frameworks/:key', async (req, reply) =>
    reply.view('markers/framework.njk', { framework: frameworkOr404(req.params.key) }),
  );

  app.get<{ Params: KeyParams; Querystring: Query }>('/frameworks/:key/print', async (req, reply) => {
    const fw = frameworkOr404(req.params.key);
    const stage = parseStage(
      req.query,
      fw.stages.map((s) => s.key),
    );
    return reply.view('markers/print.njk', getPrintView(fw, stage));
  });

  app.get<{ Params: KeyParams; Querystring: Query }>('/frameworks/:key/checklist.docx', async (req, reply) => {
    const fw = frameworkOr404(req.params.key);
    const stage = parseStage(
      req.query,
      fw.stages.map((s) => s.key),
    );
    const buffer = await buildChecklistDocx(getPrintView(fw, stage));
    const name = `${fw.key}-${fw.version}${stage ? `-${stage}` : ''}-checklist.docx`;
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(buffer);
  });

  app.get<{ Params: KeyParams & { marker: string }; Querystring: Query }>(
    '/frameworks/:key/:marker',
    async (req, reply) => {
      const fw = frameworkOr404(req.params.key);
      const audience = parseAudience(
        req.query,
        fw.audiences.map((a) => a.key),
      );
      const page = getMarkerPage(fw, req.params.marker, audience);
      if (!page) throw new NotFoundError();
      return reply.view('markers/marker.njk', page);
    },
  );

  app.get<{ Querystring: Query }>('/search', async (req, reply) => {
    const submitted = 'q' in req.query;
    const form = parseSearchQuery(req.query, submitted);
    const frameworks = form.values.framework
      ? [getFramework(catalogue, form.values.framework)].filter((f) => f !== undefined)
      : catalogue.list();
    const hits = form.errors.q ? [] : searchFrameworks(frameworks, form.terms);
    if (form.errors.q) reply.code(400);
    return reply.view('markers/search.njk', {
      form,
      hits,
      submitted,
      maxLength: MAX_QUERY_LENGTH,
      frameworks: listFrameworks(catalogue),
    });
  });

  for (const page of ['about', 'accessibility', 'privacy'] as const) {
    app.get(`/${page}`, async (_req, reply) => reply.view(`pages/${page}.njk`, { frameworks: catalogue.list() }));
  }
};
