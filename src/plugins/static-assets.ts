import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { join } from 'node:path';
import { paths } from '../lib/paths.js';

const YEAR = 365 * 24 * 60 * 60;

/**
 * /assets/app.css, /assets/app.js (built into dist/assets) and govuk-frontend's images and JS.
 * Assets carry a version query string in the layout, so they can be cached for a year.
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
      prefix: '/assets/',
      wildcard: false,
      index: false,
      ...cacheHeaders,
    });
    await app.register(fastifyStatic, {
      root: join(paths.govukFrontend, 'govuk', 'assets'),
      prefix: '/assets/govuk/',
      decorateReply: false,
      wildcard: false,
      index: false,
      ...cacheHeaders,
    });
    await app.register(fastifyStatic, {
      root: join(paths.govukFrontend, 'govuk'),
      prefix: '/assets/govuk-frontend/',
      decorateReply: false,
      allowedPath: (path) => /^\/govuk-frontend\.min\.js(\.map)?$/.test(path),
      wildcard: true,
      index: false,
      ...cacheHeaders,
    });
  },
  { name: 'static-assets', dependencies: ['security'] },
);
