import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from '../lib/errors.js';

const TITLES: Record<number, string> = {
  400: 'There is a problem with your request',
  403: 'You do not have permission to do that',
  404: 'Page not found',
  405: 'Page not found',
  413: 'The file or form is too large',
  415: 'There is a problem with your request',
  429: 'Too many requests',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').includes('application/json');
}

function render(reply: FastifyReply, request: FastifyRequest, status: number, message?: string) {
  reply.code(status);
  if (wantsJson(request)) {
    return reply
      .type('application/json; charset=utf-8')
      .send({ error: { status, message: message ?? TITLES[status] ?? 'Error' } });
  }
  const template =
    status === 404 || status === 405 ? 'pages/404.njk' : status >= 500 ? 'pages/500.njk' : 'pages/error.njk';
  return reply.view(template, {
    status,
    title: TITLES[status] ?? 'There is a problem',
    message,
    back: status < 500 ? pageSentFrom(request) : undefined,
  });
}

/**
 * The page of this service a refused form was sent from (its Referer, which browsers send whole within one
 * origin), so the error page can lead back to it: a round signed off meanwhile, a change made first by
 * someone else. Only a path on this host; nothing for a GET, whose own address is the way back.
 */
function pageSentFrom(request: FastifyRequest): string | undefined {
  if (request.method === 'GET' || request.method === 'HEAD' || !request.headers.referer) return undefined;
  let from: URL, host: string;
  try {
    from = new URL(request.headers.referer);
    // The Host header as a URL of the Referer's scheme gives it, a default port dropped.
    host = new URL(`${from.protocol}//${request.headers.host}`).host;
  } catch {
    return undefined;
  }
  const path = from.pathname + from.search;
  // `//other.example/…` as a link would leave the service.
  if (from.host !== host || path.startsWith('//')) return undefined;
  return path;
}

/** One error handler and one not-found handler: GOV.UK-styled pages or JSON, never a stack trace. */
export default fp(
  async (app) => {
    app.setNotFoundHandler((request, reply) => render(reply, request, 404));
    app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
      const status =
        error instanceof HttpError
          ? error.statusCode
          : error.statusCode && error.statusCode >= 400
            ? error.statusCode
            : 500;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ status, code: (error as FastifyError).code }, error.message);
      const expose = status < 500 && (error instanceof HttpError ? error.expose : true);
      return render(reply, request, status, expose ? publicMessage(error, status) : undefined);
    });
  },
  { name: 'errors', dependencies: ['views'] },
);

function publicMessage(error: FastifyError | HttpError, status: number): string {
  if (error instanceof HttpError) return error.message;
  if (status === 413) return 'The request is too large. Files and forms must be 1 MB or smaller.';
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return 'The request body is not valid JSON.';
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'The request body type is not supported.';
  return TITLES[status] ?? 'There is a problem with your request';
}
