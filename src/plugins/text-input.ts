import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { BadRequestError } from '../lib/errors.js';
import { nulAt } from '../lib/nul.js';

/** Where the first NUL character is in a parsed value, as a path like `body.rationale` (see lib/nul.ts). */
export function nulPath(root: unknown, rootName: string): string | undefined {
  const at = nulAt(root);
  return at?.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`), rootName);
}

function nulIn(request: FastifyRequest): string | undefined {
  return nulPath(request.params, 'params') ?? nulPath(request.query, 'query') ?? nulPath(request.body, 'body');
}

/**
 * Refuses text with a NUL character (U+0000) in any path parameter, query string or body (forms, JSON,
 * multipart fields), before any route sees it: PostgreSQL cannot store it in a text column (the request
 * would fail with a 500), and on SQLite it would be stored and make the review's export impossible to
 * import again. One hook for every route, so none is missed. A 400: the GOV.UK error page with a plain
 * message, or the API's JSON error naming where the character was.
 *
 * A preHandler, so it runs after the body parsers (multipart fields land on the body in a preValidation
 * hook) and after the CSRF check, and before each route's own handlers.
 */
export default fp(
  async (app) => {
    app.addHook('preHandler', async (request) => {
      const where = nulIn(request);
      if (where === undefined) return;
      request.log.info({ where }, 'refused a request with a NUL character');
      throw new BadRequestError(
        request.url.startsWith('/api/')
          ? `${where.replace(/^body\.?/, '') || 'body'}: contains a NUL character (U+0000), which cannot be stored; remove it and send again`
          : 'What you entered contains a hidden character that cannot be saved (a NUL character, U+0000). Remove it, or type the text again, and try again.',
      );
    });
  },
  { name: 'text-input', dependencies: ['csrf'] },
);
