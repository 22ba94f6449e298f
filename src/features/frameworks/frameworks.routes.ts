import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { toApiFramework, type FrameworkCatalogue } from './frameworks.service.js';

export interface FrameworksRoutesOptions {
  catalogue: FrameworkCatalogue;
}

/** The public JSON API for frameworks. */
export const frameworksRoutes: FastifyPluginAsync<FrameworksRoutesOptions> = async (app, { catalogue }) => {
  app.get('/api/v1/frameworks', async () => ({
    frameworks: catalogue.summaries().map((s) => ({ ...s, href: `/api/v1/frameworks/${s.key}` })),
  }));

  app.get<{ Params: { key: string } }>('/api/v1/frameworks/:key', async (req) => {
    const fw = catalogue.latest(req.params.key);
    if (!fw) throw new NotFoundError(`There is no framework '${req.params.key}'`);
    return toApiFramework(fw);
  });
};
