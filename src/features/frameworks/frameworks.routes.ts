import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { frameworkJsonSchema, JSON_SCHEMA_PATH } from './framework.json-schema.js';
import { frameworksVisibleTo, summarise, toApiFramework, type FrameworkCatalogue } from './frameworks.service.js';

export interface FrameworksRoutesOptions {
  catalogue: FrameworkCatalogue;
}

/**
 * The public JSON API for frameworks. Built-in frameworks need no token; a token (or session) of a
 * partnership also sees that partnership's imported frameworks, and nobody else does.
 */
export const frameworksRoutes: FastifyPluginAsync<FrameworksRoutesOptions> = async (app, { catalogue }) => {
  const visible = (req: FastifyRequest) => frameworksVisibleTo(app.db, catalogue, req.auth);
  const notFound = (key: string) => new NotFoundError(`There is no framework '${key}'`);
  const schema = frameworkJsonSchema();

  app.get('/api/v1/frameworks', async (req) => ({
    frameworks: (await visible(req)).summaries().map((s) => ({ ...s, href: `/api/v1/frameworks/${s.key}` })),
  }));

  app.get(JSON_SCHEMA_PATH, async (_req, reply) => reply.type('application/schema+json; charset=utf-8').send(schema));

  app.get<{ Params: { key: string } }>('/api/v1/frameworks/:key', async (req) => {
    const fw = (await visible(req)).latest(req.params.key);
    if (!fw) throw notFound(req.params.key);
    return toApiFramework(fw);
  });

  app.get<{ Params: { key: string } }>('/api/v1/frameworks/:key/versions', async (req) => {
    const versions = (await visible(req)).versions(req.params.key);
    if (!versions.length) throw notFound(req.params.key);
    return {
      key: req.params.key,
      latest: versions[0]!.version,
      versions: versions.map((fw) => {
        const { key, version, title, markerCount, stageCount } = summarise(fw);
        return {
          key,
          version,
          title,
          published: fw.published,
          markerCount,
          stageCount,
          href: `/api/v1/frameworks/${key}/versions/${version}`,
        };
      }),
    };
  });

  app.get<{ Params: { key: string; version: string } }>('/api/v1/frameworks/:key/versions/:version', async (req) => {
    const fw = (await visible(req)).version(req.params.key, req.params.version);
    if (!fw) throw new NotFoundError(`There is no version '${req.params.version}' of framework '${req.params.key}'`);
    return toApiFramework(fw);
  });
};
