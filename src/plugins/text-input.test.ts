import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { apiToken, insertOrganisation, insertPerson, signedInClient, type Client } from '../../test/helpers/client.js';
import { reviewThroughForm } from '../../test/helpers/reviews.js';
import { readPage } from '../../test/helpers/html.js';
import { nulPath } from './text-input.js';
import type { ApiError } from '../../test/helpers/api-json.js';

const NUL = '\u0000';
let t: TestApp;
let manager: Client;
let token: string;
let reviewId: string;
let markerUrl: string;
let apiMarkerUrl: string;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const person = await insertPerson(db, org.id, 'member');
  manager = await signedInClient(t.app, db, person, org.id);
  token = await apiToken(db, org.id, person.id);
  const reviewUrl = await reviewThroughForm(manager, { reference: 'SAR 7', subjectPseudonym: 'Adult G' });
  reviewId = reviewUrl.split('/').pop()!;
  const roundUrl = (await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review' })).headers.location as string;
  markerUrl = `${roundUrl}/markers/governance`;
  apiMarkerUrl = `/api/v1${markerUrl}`;
});
afterAll(async () => t.close());

const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });

const count = async (table: 'comment' | 'evidence') =>
  Number(
    (
      await t.testDb.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Posts a multipart form as a browser does, with the CSRF token as a field. */
const postMultipart = (client: Client, url: string, fields: Record<string, string>) =>
  client.postMultipart(url, fields);

describe('text with a NUL character (U+0000)', () => {
  it('finds one anywhere in a parsed value, and names where', () => {
    expect(nulPath({ a: 'x', b: ['y', { c: `z${NUL}` }] }, 'body')).toBe('body.b[1].c');
    expect(nulPath({ [`k${NUL}`]: 'v' }, 'body')).toBe('body');
    expect(nulPath({ file: { filename: 'a.pdf', data: Buffer.from([0, 0, 0]) } }, 'body')).toBeUndefined();
    expect(nulPath('clean', 'body')).toBeUndefined();
    let deep: unknown = `deep${NUL}`;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulPath(deep, 'body')).toMatch(/^body(\[0\])+$/);
  });

  it('refuses a form field with a GOV.UK error page, and stores nothing', async () => {
    const before = await count('comment');
    const res = await manager.post(`${markerUrl}/comments`, { body: `Agreed${NUL} at panel` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    const page = readPage(res.body);
    expect(page.h1).toBe('There is a problem with your request');
    expect(page.text('main')).toContain('NUL character');
    expect(await count('comment')).toBe(before);
    // The same comment without it is taken.
    expect((await manager.post(`${markerUrl}/comments`, { body: 'Agreed at panel' })).statusCode).toBe(303);
    expect(await count('comment')).toBe(before + 1);
  });

  it('refuses a multipart form field, and stores nothing', async () => {
    const before = await count('evidence');
    const res = await postMultipart(manager, `${markerUrl}/evidence/note`, { note: `Minutes${NUL}`, title: 'Notes' });
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).h1).toBe('There is a problem with your request');
    expect(await count('evidence')).toBe(before);
  });

  it('refuses a JSON field with the API’s error naming the field, and stores nothing', async () => {
    const res = await api('PUT', apiMarkerUrl, { version: 1, rationale: `Clear${NUL}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        status: 400,
        message: expect.stringMatching(/^rationale: contains a NUL character \(U\+0000\)/) as unknown,
      },
    });
    expect((await api('GET', apiMarkerUrl)).json()).toMatchObject({ rationale: '', version: 1 });
  });

  it('refuses one in a query string or a path parameter', async () => {
    const query = await api('GET', `/api/v1/reviews?reference=%00`);
    expect(query.statusCode).toBe(400);
    expect(query.json<ApiError>().error.message).toMatch(/^query\.reference: /);
    const param = await api('GET', `/api/v1/reviews/${reviewId}%00`);
    expect(param.statusCode).toBe(400);
    expect(param.json<ApiError>().error.message).toMatch(/^params\.id: /);
    const page = await manager.get(`/reviews/${reviewId}%00`);
    expect(page.statusCode).toBe(400);
    expect(readPage(page.body).h1).toBe('There is a problem with your request');
    expect((await manager.get(`/reviews/${reviewId}?saved=%00`)).statusCode).toBe(400);
  });
});
