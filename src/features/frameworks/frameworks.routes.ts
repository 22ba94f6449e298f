import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { errorSchema, pathParam, type ApiDoc } from '../../plugins/api-docs.js';
import {
  apiFrameworkSchema,
  frameworkJsonSchemaSchema,
  frameworkListSchema,
  frameworkVersionsSchema,
} from './api.schemas.js';
import { frameworkJsonSchema, JSON_SCHEMA_PATH } from './framework.json-schema.js';
import { frameworksVisibleTo, summarise, toApiFramework } from './frameworks.service.js';

const frameworkKey = pathParam('key', 'The framework’s key, like scr-quality-markers');
const noSuchKey = { description: 'There is no framework with that key', schema: errorSchema };

const listDoc: ApiDoc = {
  operationId: 'listFrameworks',
  summary: 'List the frameworks',
  description: 'The latest version of each framework.',
  tag: 'Frameworks',
  access: 'optional',
  responses: { 200: { description: 'The frameworks', schema: frameworkListSchema } },
};

const jsonSchemaDoc: ApiDoc = {
  operationId: 'getFrameworkJsonSchema',
  summary: 'The JSON Schema of a framework file',
  description: 'For people writing their own framework: editors use it to check the file as it is written.',
  tag: 'Frameworks',
  access: 'none',
  responses: {
    200: {
      description: 'The JSON Schema',
      schema: frameworkJsonSchemaSchema,
      contentType: 'application/schema+json',
    },
  },
};

const getDoc: ApiDoc = {
  operationId: 'getFramework',
  summary: 'Get a framework',
  description: 'The latest version of one framework: stages, markers, questions and guidance.',
  tag: 'Frameworks',
  access: 'optional',
  parameters: [frameworkKey],
  responses: { 200: { description: 'The framework', schema: apiFrameworkSchema }, 404: noSuchKey },
};

const versionsDoc: ApiDoc = {
  operationId: 'listFrameworkVersions',
  summary: 'List the versions of a framework',
  tag: 'Frameworks',
  access: 'optional',
  parameters: [frameworkKey],
  responses: { 200: { description: 'The versions, newest first', schema: frameworkVersionsSchema }, 404: noSuchKey },
};

const versionDoc: ApiDoc = {
  operationId: 'getFrameworkVersion',
  summary: 'Get one version of a framework',
  description: 'Reviews pin the version they started with: use this to read exactly that version.',
  tag: 'Frameworks',
  access: 'optional',
  parameters: [frameworkKey, pathParam('version', 'The version, like 1.0.0')],
  responses: {
    200: { description: 'That version of the framework', schema: apiFrameworkSchema },
    404: { description: 'There is no such framework or version', schema: errorSchema },
  },
};

/**
 * The public JSON API for frameworks. Built-in frameworks need no token; a token (or session) of a
 * partnership also sees that partnership's imported frameworks, and nobody else does.
 */
export const frameworksRoutes: FastifyPluginAsync = async (app) => {
  const visible = (req: FastifyRequest) => frameworksVisibleTo(app.db, app.frameworks, req.auth);
  const notFound = (key: string) => new NotFoundError(`There is no framework '${key}'`);
  const schema = frameworkJsonSchema();

  app.get('/api/v1/frameworks', { config: { api: listDoc } }, async (req) => ({
    frameworks: (await visible(req)).summaries().map((s) => ({ ...s, href: `/api/v1/frameworks/${s.key}` })),
  }));

  app.get(JSON_SCHEMA_PATH, { config: { api: jsonSchemaDoc } }, async (_req, reply) =>
    reply.type('application/schema+json; charset=utf-8').send(schema),
  );

  app.get<{ Params: { key: string } }>('/api/v1/frameworks/:key', { config: { api: getDoc } }, async (req) => {
    const fw = (await visible(req)).latest(req.params.key);
    if (!fw) throw notFound(req.params.key);
    return toApiFramework(fw);
  });

  app.get<{ Params: { key: string } }>(
    '/api/v1/frameworks/:key/versions',
    { config: { api: versionsDoc } },
    async (req) => {
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
    },
  );

  app.get<{ Params: { key: string; version: string } }>(
    '/api/v1/frameworks/:key/versions/:version',
    { config: { api: versionDoc } },
    async (req) => {
      const fw = (await visible(req)).version(req.params.key, req.params.version);
      if (!fw) throw new NotFoundError(`There is no version '${req.params.version}' of framework '${req.params.key}'`);
      return toApiFramework(fw);
    },
  );
};
