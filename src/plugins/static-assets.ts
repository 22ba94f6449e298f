import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { join } from 'node:path';
import { paths } from '../lib/paths.js';

const YEAR = 365 * 24 * 60 * 60;

/**
 * /assets/app.css, /assets/app.js and govuk-frontend's JS (built or copied into dist/assets), and
 * govuk-frontend's images.
 * Assets carry a version query string in the layout, so they can be cached for a year. Text files are
 * sent from the brotli or gzip copies made at build time (`preCompressed`): compressing on every request
 * would cost CPU, and a global compression hook would cost every other response a little too.
 */
export default fp(
  async (app) => {
    const cacheHeaders = {
      cacheControl: false,
      setHeaders: (res: { setHeader(name: string, value: string): void }) =>
        res.setHeader('Cache-Control', `public, max-age=${YEAR}, immutable`),
    };
    await app.register(fastifyStatic, {
      root: paths.builtAssets,
      // The same URL answers brotli, gzip or plain bytes: a shared cache must key on Accept-Encoding.
      setHeaders: (res: { setHeader(name: string, value: string): void }) => {
        cacheHeaders.setHeaders(res);
        res.setHeader('Vary', 'Accept-Encoding');
      },
      prefix: '/assets/',
      wildcard: false,
      // Routes for the files only; their .br and .gz copies are found by preCompressed.
      globIgnore: ['**/*.br', '**/*.gz'],
      preCompressed: true,
      index: false,
      cacheControl: false,
    });
    await app.register(fastifyStatic, {
      root: join(paths.govukFrontend, 'govuk', 'assets'),
      prefix: '/assets/govuk/',
      decorateReply: false,
      wildcard: false,
      index: false,
      ...cacheHeaders,
    });
  },
  { name: 'static-assets', dependencies: ['security'] },
);
