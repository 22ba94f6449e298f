import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { BadRequestError } from '../lib/errors.js';

const NUL = '\u0000';

/**
 * Where the first NUL character (U+0000) is in a parsed value, as a path like `body.rationale`, or
 * undefined when there is none. Strings, array items, object keys and values are looked at; bytes (an
 * uploaded file's contents) are not text and are left to the feature that reads them. Walked with a
 * stack, not recursion, so a deeply nested JSON body cannot overflow the call stack.
 */
export function nulPath(root: unknown, rootName: string): string | undefined {
  const stack: [unknown, string][] = [[root, rootName]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes(NUL)) return path;
        stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return undefined;
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
