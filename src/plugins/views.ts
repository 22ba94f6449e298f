import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { paths } from '../lib/paths.js';
import { highlight, textToHtml } from '../lib/text.js';
import { isPublicPageRequest, NONCE_PLACEHOLDER, PublicPageCache } from './page-cache.js';

export const PRODUCT_NAME = 'Quality Markers';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a Nunjucks template as the HTML response. */
    view(template: string, context?: object): FastifyReply;
  }
  interface FastifyInstance {
    renderView(template: string, context?: object): string;
  }
}

export interface ViewsOptions {
  cache: boolean;
}

/** Nunjucks with govuk-frontend's templates; autoescape on; cached in production. */
export default fp<ViewsOptions>(
  async (app, opts) => {
    const loader = new nunjucks.FileSystemLoader([paths.views, paths.features, paths.govukFrontend], {
      noCache: !opts.cache,
    });
    const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
    env.addGlobal('productName', PRODUCT_NAME);
    env.addGlobal('assetPath', '/assets/govuk');
    env.addFilter('prose', (text: unknown, terms?: string[]) =>
      typeof text === 'string'
        ? new nunjucks.runtime.SafeString(textToHtml(text, terms?.length ? (s) => highlight(s, terms) : undefined))
        : '',
    );
    // "Lead reviewer" → "lead reviewer", keeping proper names later in the label as they are.
    env.addFilter('lowerFirst', (text: unknown) =>
      typeof text === 'string' ? text.charAt(0).toLowerCase() + text.slice(1) : '',
    );
    env.addFilter('highlight', (text: unknown, terms: string[] = []) =>
      typeof text === 'string' ? new nunjucks.runtime.SafeString(highlight(text, terms)) : '',
    );

    app.decorate('renderView', (template: string, context: object = {}) => env.render(template, context));

    // Anonymous public pages are rendered once per URL (in production, where templates are cached too).
    const pageCache = opts.cache ? new PublicPageCache() : undefined;
    const html = 'text/html; charset=utf-8';
    if (pageCache) {
      app.addHook('preHandler', async (request, reply) => {
        if (!isPublicPageRequest(request)) return;
        const page = pageCache.get(request.url, reply.cspNonce.script);
        if (page !== undefined) return reply.type(html).send(page);
      });
    }

    app.decorateReply('view', function (template: string, context: object = {}) {
      const nonce: string = this.cspNonce?.script;
      const storable = pageCache !== undefined && this.statusCode === 200 && isPublicPageRequest(this.request);
      let personal = false;
      const rendered = env.render(template, {
        ...context,
        cspNonce: storable ? NONCE_PLACEHOLDER : nonce,
        currentPath: this.request.url.split('?')[0],
        auth: this.request.auth,
        csrf: () => {
          personal = true;
          return this.csrfToken();
        },
      });
      if (!storable || personal) return this.type(html).send(rendered.split(NONCE_PLACEHOLDER).join(nonce));
      return this.type(html).send(pageCache.put(this.request.url, rendered, nonce));
    });
  },
  { name: 'views', dependencies: ['security'] },
);
