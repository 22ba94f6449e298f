import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import type { Client } from '../../../../test/helpers/client.js';
import { formValues, readPage } from '../../../../test/helpers/html.js';
import type { ApiError } from '../../../../test/helpers/api-json.js';
import { memberWithRound } from '../../../../test/helpers/round-world.js';

// Versions are stored in integer columns (on PostgreSQL at most 2^31 − 1). A larger one used to reach the
// query, and PostgreSQL refused it: a 500. The API now says what is wrong (400); a form's hidden version
// field that names no version is a conflict (409), as a stale version is.
const TOO_BIG = 2 ** 31;
let t: TestApp;
let token: string;
let manager: Client;
let reviewId: string;
let markerUrl: string;

beforeAll(async () => {
  t = await buildTestApp();
  const world = await memberWithRound(t, { reference: 'SAR 8', subjectPseudonym: 'Adult H' });
  ({ manager, token } = world);
  reviewId = world.reviewUrl.split('/').pop()!;
  const roundUrl = world.roundUrl;
  markerUrl = `${roundUrl}/markers/governance`;
});
afterAll(async () => t.close());

const api = (method: 'GET' | 'PUT' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}`, ...headers } });

describe('a version of 2^31 or more', () => {
  it('is a 400 from the API naming the field, and changes nothing', async () => {
    const marker = `/api/v1${markerUrl}`;
    const question = `${marker}/questions/${(await api('GET', marker)).json<{ questions: { key: string }[] }>().questions[0]!.key}`;
    const refused = [
      await api('PUT', marker, { version: TOO_BIG, rationale: 'x' }),
      await api('PUT', marker, { rationale: 'x' }, { 'if-match': `"${TOO_BIG}"` }),
      await api('PUT', question, { version: TOO_BIG, note: 'x' }),
      await api('PATCH', `/api/v1/reviews/${reviewId}`, { version: TOO_BIG, title: 'x' }),
    ];
    for (const res of refused) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json<ApiError>().error.message).toMatch(/^version: /);
    }
    expect((await api('GET', marker)).json()).toMatchObject({ rationale: '', version: 1 });
    expect((await api('GET', `/api/v1/reviews/${reviewId}`)).json()).toMatchObject({ title: 'Review', version: 1 });
    // The largest version a column can hold is a version like any other: here a stale one.
    expect((await api('PUT', marker, { version: 2 ** 31 - 1, rationale: 'x' })).statusCode).toBe(409);
  });

  it('in a form’s hidden field is a conflict, as a stale version is, and changes nothing', async () => {
    const page = readPage((await manager.get(markerUrl)).body);
    const res = await manager.post(
      markerUrl,
      formValues(page, 'form[data-module]', { version: String(TOO_BIG), rationale: 'Changed' }),
    );
    expect(res.statusCode).toBe(409);
    expect((await api('GET', `/api/v1${markerUrl}`)).json()).toMatchObject({ rationale: '', version: 1 });

    const dates = await manager.post(`/reviews/${reviewId}/dates`, { version: String(TOO_BIG) });
    expect(dates.statusCode).toBe(409);
  });
});
