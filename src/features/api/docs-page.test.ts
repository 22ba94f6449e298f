import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { readPage } from '../../../test/helpers/html.js';
import { apiOperations } from './openapi.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('GET /api/docs', () => {
  it('lists every operation with its method, path, authentication and fields, without scripts of its own', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const page = readPage(res.body);
    expect(page.title).toBe('API reference – Quality Markers');
    expect(page.h1).toBe('API reference');
    const h2 = page.all('h2');
    expect(h2).toEqual(expect.arrayContaining(['Authentication', 'Errors', 'Operations', 'Schemas']));
    const h3 = page.all('h3');
    const section = (id: string) => page.root.querySelector(`section[aria-labelledby="${id}"]`);
    for (const op of apiOperations(t.app.collectedApiRoutes())) {
      expect(h3).toContain(`${op.method.toUpperCase()} ${op.path}`);
      expect(section(op.operationId)?.text).toContain(op.summary);
    }
    expect(h3).toEqual(expect.arrayContaining(['Framework', 'Me', 'Error']));
    const params = page.all('table caption');
    expect(params).toContain('Parameters of GET /api/v1/frameworks/{key}');
    expect(section('getMe')?.text).toContain('Bearer token (read scope)');
    const meFields = section('schema-Me')
      ?.querySelectorAll('tbody th')
      .map((th) => th.text);
    expect(meFields).toEqual([
      'user',
      'user.id',
      'user.email',
      'user.name',
      'partnership',
      'partnership.slug',
      'partnership.name',
      'role',
      'scopes',
    ]);
    // Server-rendered only: no script is loaded but the app's own progressive enhancement.
    const sources = page.root.querySelectorAll('script[src]').map((s) => s.getAttribute('src'));
    expect(sources).toEqual([expect.stringMatching(/^\/assets\/app\.js/)]);
    expect(res.body).not.toMatch(/swagger/i);
  });
});
