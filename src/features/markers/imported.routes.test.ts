import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { apiToken, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { partnershipWithImportedFramework } from '../../../test/helpers/imported-frameworks.js';
import { readPage } from '../../../test/helpers/html.js';

// A partnership's imported framework is visible only to people signed in to that partnership.
let t: TestApp;
let mine: Client;
let viewer: Client;
let theirs: Client;
let token: string;
const KEY = 'riverside-review-checks';

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const { org, other } = await partnershipWithImportedFramework(db);
  const member = await insertPerson(db, org.id, 'member');
  mine = await signedInClient(t.app, db, member, org.id);
  viewer = await signedInClient(t.app, db, await insertPerson(db, org.id, 'viewer'), org.id);
  theirs = await signedInClient(t.app, db, await insertPerson(db, other.id, 'admin', { twoFactor: true }), other.id);
  token = await apiToken(db, org.id, member.id, ['read']);
});
afterAll(async () => t.close());

const anonymous = (url: string) => t.app.inject({ method: 'GET', url });
const PAGES = [
  `/frameworks/${KEY}`,
  `/frameworks/${KEY}@1.0.0`,
  `/frameworks/${KEY}/scope`,
  `/frameworks/${KEY}/print`,
  `/frameworks/${KEY}/checklist.docx`,
  `/frameworks/${KEY}/versions`,
  `/frameworks/${KEY}/versions/1.0.0...1.1.0`,
];

describe('an imported framework in the browser', () => {
  it('is listed, with every page, for its own partnership (any role)', async () => {
    for (const client of [mine, viewer]) {
      const index = readPage((await client.get('/frameworks')).body);
      expect(index.all('main h2')).toContain('Riverside local review checks');
      expect(index.text('main')).toContain('Your partnership’s own');
      for (const url of PAGES) expect((await client.get(url)).statusCode, url).toBe(200);
    }
    const marker = readPage((await mine.get(`/frameworks/${KEY}/scope?audience=family`)).body);
    expect(marker.all('.govuk-radios__label')).toEqual([
      'Everyone',
      'Review panel',
      'Lead reviewer or review team',
      'Family members',
    ]);
    expect(marker.all('.app-questions__item')).toHaveLength(1);
    const print = readPage((await mine.get(`/frameworks/${KEY}/print`)).body);
    expect(print.text('.app-print-judgement')).toBe('Judgement: Met / Not met');
    const docx = await mine.get(`/frameworks/${KEY}/checklist.docx`);
    const xml = (await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('Family involvement');
  });

  it('is found by search for its own partnership only', async () => {
    const page = readPage((await mine.get('/search?q=chronology')).body);
    expect(page.all('.app-search-result h3')).toEqual(['3. Records']);
    const other = readPage((await theirs.get('/search?q=chronology')).body);
    expect(other.all('.app-search-result h3')).toEqual([]);
    expect(readPage((await anonymous('/search?q=chronology')).body).all('.app-search-result h3')).toEqual([]);
    expect((await theirs.get(`/search?q=scope&framework=${KEY}`)).body).not.toContain('Riverside');
  });

  it('is a 404 for another partnership and for anonymous requests, on every page', async () => {
    for (const url of PAGES) {
      expect((await theirs.get(url)).statusCode, url).toBe(404);
      expect((await anonymous(url)).statusCode, url).toBe(404);
    }
    expect(readPage((await theirs.get('/frameworks')).body).text('main')).not.toContain('Riverside');
    expect(readPage((await anonymous('/')).body).text('main')).not.toContain('Riverside');
  });
});

describe('an imported framework in the API', () => {
  const bearer = () => ({ authorization: `Bearer ${token}` });

  it('is listed and served to its own partnership’s token', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/frameworks', headers: bearer() });
    expect(list.json<{ frameworks: { key: string }[] }>().frameworks.map((f) => f.key)).toContain(KEY);
    for (const url of [
      `/api/v1/frameworks/${KEY}`,
      `/api/v1/frameworks/${KEY}/versions`,
      `/api/v1/frameworks/${KEY}/versions/1.0.0`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: bearer() });
      expect(res.statusCode, url).toBe(200);
    }
    const versions = await t.app.inject({
      method: 'GET',
      url: `/api/v1/frameworks/${KEY}/versions`,
      headers: bearer(),
    });
    expect(versions.json<{ versions: { version: string }[] }>().versions.map((v) => v.version)).toEqual([
      '1.1.0',
      '1.0.0',
    ]);
  });

  it('is a JSON 404 for another partnership and for anonymous requests', async () => {
    for (const url of [
      `/api/v1/frameworks/${KEY}`,
      `/api/v1/frameworks/${KEY}/versions`,
      `/api/v1/frameworks/${KEY}/versions/1.0.0`,
    ]) {
      expect((await theirs.get(url)).statusCode, url).toBe(404);
      const res = await anonymous(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ error: { status: 404 } });
    }
    const list = await anonymous('/api/v1/frameworks');
    expect(list.json<{ frameworks: { key: string }[] }>().frameworks.map((f) => f.key)).not.toContain(KEY);
  });

  it('serves the JSON Schema for authors', async () => {
    const res = await anonymous('/api/v1/frameworks/schema.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/schema+json');
    expect(res.json()).toMatchObject({
      title: 'Quality Markers framework',
      type: 'object',
      required: expect.arrayContaining(['key', 'version', 'stages']) as unknown,
    });
  });
});
