import type { FastifyPluginAsync } from 'fastify';
import { unauthorised, type ApiDoc } from '../../plugins/api-docs.js';
import { requireAuth } from '../../plugins/auth.js';
import { meSchema, openApiDocumentSchema, type Me } from './api.schemas.js';
import { docsView } from './docs-view.js';
import { apiOperations, buildOpenApiDocument, type ApiOperation, type OpenApiDocument } from './openapi.js';

const openApiDoc: ApiDoc = {
  operationId: 'getOpenApiDocument',
  summary: 'This API’s description, as an OpenAPI 3.1 document',
  tag: 'About the API',
  access: 'none',
  responses: { 200: { description: 'The OpenAPI document', schema: openApiDocumentSchema } },
};

const meDoc: ApiDoc = {
  operationId: 'getMe',
  summary: 'Who the token belongs to, and what it may do',
  description: 'Use it to check a token works. Any valid token may call it.',
  tag: 'Accounts',
  access: 'read',
  responses: { 200: { description: 'The token’s owner and partnership', schema: meSchema }, ...unauthorised },
};

/**
 * The API's own description (OpenAPI JSON and a readable page), and who-am-I for checking a token. The
 * description is built, on first asking, from the routes registered under /api/v1 (plugins/api-docs.ts).
 */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  let built: { operations: ApiOperation[]; document: OpenApiDocument } | undefined;
  const described = () => {
    if (!built) {
      const operations = apiOperations(app.collectedApiRoutes());
      built = { operations, document: buildOpenApiDocument(`${app.config.publicUrl}`, operations) };
    }
    return built;
  };

  app.get('/api/v1/openapi.json', { config: { api: openApiDoc } }, async (_request, reply) => {
    reply.header('Cache-Control', 'public, max-age=300');
    return described().document;
  });

  app.get('/api/docs', async (_request, reply) => {
    const { document, operations } = described();
    return reply.view('api/api-docs.njk', docsView(document, operations));
  });

  app.get('/api/v1/me', { preHandler: requireAuth(), config: { api: meDoc } }, async (request): Promise<Me> => {
    const auth = request.auth!;
    return {
      user: { id: auth.user.id, email: auth.user.email, name: auth.user.name },
      partnership: { slug: auth.organisation!.slug, name: auth.organisation!.name },
      role: auth.role!,
      scopes: auth.scopes,
    };
  });
};
