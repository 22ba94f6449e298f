import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { paths } from '../lib/paths.js';
import { highlight, textToHtml } from '../lib/text.js';

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
    app.decorateReply('view', function (template: string, context: object = {}) {
      const html = env.render(template, {
        ...context,
        cspNonce: this.cspNonce?.script,
        currentPath: this.request.url.split('?')[0],
        auth: this.request.auth,
        csrf: () => this.csrfToken(),
      });
      return this.type('text/html; charset=utf-8').send(html);
    });
  },
  { name: 'views', dependencies: ['security'] },
);
