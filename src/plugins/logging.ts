import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config/config.js';

/** One-time links carry their secret in the path: never write it to a log. */
const SECRET_PATHS = /^\/(setup|invitations|password-reset)\/(?!accepted\b|done\b)[^/?]+/;

export function redactUrl(url: string): string {
  return url.replace(SECRET_PATHS, '/$1/[redacted]');
}

/** pino options: JSON logs, with cookies, tokens, passwords and one-time link secrets never written. */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false;
  return {
    level: config.logLevel,
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.headers.host,
        remoteAddress: req.ip,
        headers: req.headers,
      }),
    },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.newPassword',
        '*.token',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  };
}
