import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const urls = {
  page: '/frameworks/scr-quality-markers/referral',
  'not found page': '/no-such-page',
  'error page (bad request)': '/search?q=%20',
  'static file': '/assets/app.css',
  'govuk asset': '/assets/govuk/images/favicon.svg',
  health: '/health',
  api: '/api/v1/frameworks',
  'api not found': '/api/v1/frameworks/nope',
};

describe('security headers', () => {
  it.each(Object.entries(urls))('are on the %s', async (_name, url) => {
    const res = await t.app.inject({ method: 'GET', url });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('uses a fresh script nonce per request, and the page’s inline script carries it', async () => {
    const nonces = await Promise.all(
      [1, 2].map(async () => {
        const res = await t.app.inject({ method: 'GET', url: '/' });
        const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1];
        expect(nonce).toBeTruthy();
        expect(res.body).toContain(`<script nonce="${nonce}">`);
        return nonce;
      }),
    );
    expect(nonces[0]).not.toBe(nonces[1]);
  });
});

describe('errors', () => {
  it('never shows a stack trace', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/frameworks/%E0%A4%A' });
    expect(res.statusCode).toBeLessThan(500);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers unknown API paths with JSON', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { status: 404, message: 'Page not found' } });
  });

  it('answers malformed JSON with 400 and a message', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reviews',
      headers: { 'content-type': 'application/json' },
      payload: '{"reference": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { status: 400, message: 'The request body is not valid JSON.' } });
  });

  it('refuses bodies over 1 MB with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/search',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `q=${'a'.repeat(1024 * 1024 + 10)}`,
    });
    expect(res.statusCode).toBe(413);
  });
});

describe('static assets', () => {
  it('are compressed and cached for a long time', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/app.css', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toContain('max-age=31536000');
  });

  it('do not expose other files of govuk-frontend', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/govuk-frontend/template.njk' });
    expect(res.statusCode).toBe(404);
  });
});
