import type { FastifyPluginAsync } from 'fastify';
import { requireAuth } from '../../plugins/auth.js';
import { buildOpenApiDocument, docsView, type OpenApiDocument } from './openapi.js';
import type { Me } from './schemas.js';

/** The API's own description (OpenAPI JSON and a readable page), and who-am-I for checking a token. */
export const apiRoutes: FastifyPluginAsync = async (app) => {
  let document: OpenApiDocument | undefined;
  const openApi = () => (document ??= buildOpenApiDocument(`${app.config.publicUrl}`));

  app.get('/api/v1/openapi.json', async (_request, reply) => {
    reply.header('Cache-Control', 'public, max-age=300');
    return openApi();
  });

  app.get('/api/docs', async (_request, reply) => reply.view('api/api-docs.njk', docsView(openApi())));

  app.get('/api/v1/me', { preHandler: requireAuth() }, async (request): Promise<Me> => {
    const auth = request.auth!;
    return {
      user: { id: auth.user.id, email: auth.user.email, name: auth.user.name },
      partnership: { slug: auth.organisation!.slug, name: auth.organisation!.name },
      role: auth.role!,
      scopes: auth.scopes,
    };
  });
};
