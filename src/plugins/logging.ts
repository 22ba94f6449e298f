import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config/config.js';

/** pino options: JSON logs, with cookies, tokens and passwords never written. */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false;
  return {
    level: config.logLevel,
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
