import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { apiToken, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { partnershipWithImportedFramework } from '../../../test/helpers/imported-frameworks.js';
import { readPage } from '../../../test/helpers/html.js';
import type { ApiError } from '../../../test/helpers/api-json.js';

// A partnership starts reviews on its own imported frameworks; nobody else can, or can tell they exist.
let t: TestApp;
let org: { id: string };
let manager: Client;
let outsider: Client;
let token: string;
let foreignToken: string;
const KEY = 'riverside-review-checks';
const V1_TITLE = 'Riverside review checks';
const V2_TITLE = 'Riverside local review checks';

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const made = await partnershipWithImportedFramework(db);
  org = made.org;
  const other = made.other;
  const member = await insertPerson(db, org.id, 'member');
  const stranger = await insertPerson(db, other.id, 'admin', { twoFactor: true });
  manager = await signedInClient(t.app, db, member, org.id);
  outsider = await signedInClient(t.app, db, stranger, other.id);
  token = await apiToken(db, org.id, member.id);
  foreignToken = await apiToken(db, other.id, stranger.id);
});
afterAll(async () => t.close());

const review = (reference: string, extra: Record<string, string> = {}) => ({
  reference,
  title: 'Review of a local case',
  subjectPseudonym: 'Adult C',
  type: 'other',
  method: 'systems',
  ...extra,
});

const api = (bearer: string, payload: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/reviews',
    payload,
    headers: { authorization: `Bearer ${bearer}` },
  });

const reviewCount = async () =>
  Number(
    (
      await t.testDb.db
        .selectFrom('review')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('starting a review on an imported framework, in the browser', () => {
  it('offers the partnership its own framework, with a choice of version', async () => {
    const page = readPage((await manager.get('/reviews/new')).body);
    const labels = page.all('.govuk-radios__item .govuk-radios__label');
    expect(labels).toContain(V2_TITLE);
    expect(labels).toContain('Serious Case Review Quality Markers');
    const radio = page.root.querySelector(`input[name=framework][value="${KEY}"]`)!;
    const hintId = radio.getAttribute('aria-describedby')!;
    expect(page.text(`[id="${hintId}"]`)).toBe('Your partnership’s own. Latest version 1.1.0');
    expect(page.all(`#version-${KEY} option`)).toEqual(['Latest: version 1.1.0', 'Version 1.0.0']);
    const theirs = await outsider.get('/reviews/new');
    expect(theirs.body).not.toContain(KEY);
    expect(theirs.body).not.toContain(V2_TITLE);
  });

  it('pins the latest version unless another is chosen, and shows the title on the review and the list', async () => {
    const latest = await manager.post('/reviews/new', review('LOCAL 1', { framework: KEY }));
    expect(latest.statusCode).toBe(303);
    const shown = readPage((await manager.get(latest.headers.location as string)).body);
    expect(shown.text('.govuk-summary-list')).toContain(`${V2_TITLE}, version 1.1.0`);
    const link = shown.root.querySelector(`.govuk-summary-list a[href^="/frameworks/${KEY}"]`)!.getAttribute('href')!;
    expect(link).toBe(`/frameworks/${KEY}@1.1.0`);
    expect((await manager.get(link)).statusCode).toBe(200);

    const older = await manager.post(
      '/reviews/new',
      review('LOCAL 2', { framework: KEY, [`version-${KEY}`]: '1.0.0' }),
    );
    expect(older.statusCode).toBe(303);
    const olderPage = readPage((await manager.get(older.headers.location as string)).body);
    expect(olderPage.text('.govuk-summary-list')).toContain(`${V1_TITLE}, version 1.0.0`);

    const list = readPage((await manager.get('/reviews')).body);
    const rows = list.root.querySelectorAll('tbody tr').map((r) => r.text.replace(/\s+/g, ' '));
    expect(rows.find((r) => r.includes('LOCAL 1'))).toContain(`${V2_TITLE}, version 1.1.0`);
    expect(rows.find((r) => r.includes('LOCAL 2'))).toContain(`${V1_TITLE}, version 1.0.0`);
    expect(rows.join()).not.toContain(KEY);
  });

  it('asks again for a version the framework does not have, keeping the input', async () => {
    const res = await manager.post('/reviews/new', review('LOCAL 3', { framework: KEY, [`version-${KEY}`]: '9.9.9' }));
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorLinks).toEqual([{ text: `Select a version of ${V2_TITLE}`, href: `#version-${KEY}` }]);
    expect(page.root.querySelector(`input[name=framework][value="${KEY}"]`)?.hasAttribute('checked')).toBe(true);
    expect(page.root.querySelector('#reference')?.getAttribute('value')).toBe('LOCAL 3');
  });

  it('refuses another partnership’s framework exactly as an unknown one, starting nothing', async () => {
    const before = await reviewCount();
    const theirs = await outsider.post('/reviews/new', review('THEIRS 1', { framework: KEY }));
    const unknown = await outsider.post('/reviews/new', review('THEIRS 1', { framework: 'no-such-framework' }));
    for (const res of [theirs, unknown]) {
      expect(res.statusCode).toBe(400);
      const page = readPage(res.body);
      expect(page.title).toMatch(/^Error: /);
      expect(page.errorLinks).toEqual([{ text: 'Select a framework', href: '#framework' }]);
      expect(page.text('#framework-error')).toContain('Select a framework');
      expect(res.body).not.toContain(V2_TITLE);
      expect(res.body).not.toContain(V1_TITLE);
    }
    expect(await reviewCount()).toBe(before);
  });
});

describe('starting a review on an imported framework, through the API', () => {
  it('starts on the latest visible version, or the one named', async () => {
    const latest = await api(token, { ...review('API 1'), frameworkKey: KEY });
    expect(latest.statusCode).toBe(201);
    expect(latest.json()).toMatchObject({ frameworkKey: KEY, frameworkVersion: '1.1.0' });
    const older = await api(token, { ...review('API 2'), frameworkKey: KEY, frameworkVersion: '1.0.0' });
    expect(older.statusCode).toBe(201);
    expect(older.json()).toMatchObject({ frameworkKey: KEY, frameworkVersion: '1.0.0' });
    const missing = await api(token, { ...review('API 3'), frameworkKey: KEY, frameworkVersion: '2.0.0' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<ApiError>().error.message).toBe(`frameworkKey: there is no framework ${KEY} version 2.0.0`);
  });

  it('answers 400 for another partnership’s framework, as for a key that does not exist', async () => {
    const before = await reviewCount();
    const theirs = await api(foreignToken, { ...review('API 4'), frameworkKey: KEY });
    expect(theirs.statusCode).toBe(400);
    expect(theirs.json<ApiError>().error.message).toBe(`frameworkKey: there is no framework ${KEY}`);
    const unknown = await api(foreignToken, { ...review('API 4'), frameworkKey: 'no-such-framework' });
    expect(unknown.json<ApiError>().error.message).toBe('frameworkKey: there is no framework no-such-framework');
    expect(theirs.body).not.toContain(V2_TITLE);
    expect(await reviewCount()).toBe(before);
  });
});
