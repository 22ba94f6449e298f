import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { paths } from '../lib/paths.js';
import { highlight, textToHtml } from '../lib/text.js';
import { CompiledTemplateLoader, TEMPLATE_OPTIONS } from './template-loader.js';
import { CSRF_PLACEHOLDER, isPublicPageRequest, NONCE_PLACEHOLDER, PageCache } from './page-cache.js';
import { formatDateTime, formatDate } from '../lib/uk-time.js';

export const PRODUCT_NAME = 'Quality Markers';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a Nunjucks template as the HTML response. */
    view(template: string, context?: object, options?: ViewOptions): FastifyReply;
  }
  interface FastifyInstance {
    renderView(template: string, context?: object): string;
  }
}

export interface ViewOptions {
  /**
   * Names everything in `context` that can change (record versions, statuses, permissions). Pages with
   * the same template, URL, person and key are rendered once and reused (in production), with each
   * request's own nonce and CSRF token. Leave it out unless the key covers the whole context.
   */
  memoKey?: string;
}

export interface ViewsOptions {
  cache: boolean;
}

/** Nunjucks with govuk-frontend's templates; autoescape on; cached in production. */
export default fp<ViewsOptions>(
  async (app, opts) => {
    const loader = new CompiledTemplateLoader([paths.views, paths.features, paths.govukFrontend], {
      noCache: !opts.cache,
    });
    const env = new nunjucks.Environment(loader, TEMPLATE_OPTIONS);
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

    // A stored timestamp as people in England and Wales read it: "26 November 2026 at 2:02pm", UK time.
    env.addFilter('ukDate', (iso: unknown) => (typeof iso === 'string' && iso ? formatDate(iso) : ''));
    env.addFilter('ukDateTime', (iso: unknown) => (typeof iso === 'string' && iso ? formatDateTime(iso) : ''));

    app.decorate('renderView', (template: string, context: object = {}) => env.render(template, context));

    // Anonymous public pages are rendered once per URL (in production, where templates are cached too).
    const pageCache = opts.cache ? new PageCache() : undefined;
    // Signed-in pages whose route names their data in a memo key, rendered once per key and person.
    const memoCache = opts.cache ? new PageCache(200) : undefined;
    const html = 'text/html; charset=utf-8';
    if (pageCache) {
      app.addHook('preHandler', async (request, reply) => {
        if (!isPublicPageRequest(request)) return;
        const page = pageCache.get(request.url, { nonce: reply.cspNonce.script });
        if (page !== undefined) return reply.type(html).send(page);
      });
    }

    app.decorateReply('view', function (template: string, context: object = {}, options: ViewOptions = {}) {
      const fills = { nonce: this.cspNonce?.script, csrf: () => this.csrfToken() };
      const storable = pageCache !== undefined && this.statusCode === 200 && isPublicPageRequest(this.request);
      const memoKey =
        memoCache && !storable && options.memoKey !== undefined && this.statusCode === 200
          ? [template, this.request.url, JSON.stringify(this.request.auth), options.memoKey].join('\n')
          : undefined;
      if (memoKey !== undefined) {
        const page = memoCache!.get(memoKey, fills);
        if (page !== undefined) return this.type(html).send(page);
      }
      let personal = false;
      const rendered = env.render(template, {
        ...context,
        cspNonce: storable || memoKey !== undefined ? NONCE_PLACEHOLDER : fills.nonce,
        currentPath: this.request.url.split('?')[0],
        auth: this.request.auth,
        csrf: () => {
          personal = true;
          return memoKey !== undefined ? CSRF_PLACEHOLDER : this.csrfToken();
        },
      });
      if (memoKey !== undefined) return this.type(html).send(memoCache!.put(memoKey, rendered, fills));
      if (!storable || personal) return this.type(html).send(rendered.split(NONCE_PLACEHOLDER).join(fills.nonce));
      return this.type(html).send(pageCache.put(this.request.url, rendered, fills));
    });
  },
  { name: 'views', dependencies: ['security'] },
);
