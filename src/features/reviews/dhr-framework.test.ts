import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { signedInToNewPartnership, type Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';

// Issue 16 §3: a domestic homicide review has no usual framework; the person chooses one.

let t: TestApp;
let manager: Client;

beforeAll(async () => {
  t = await buildTestApp();
  manager = await signedInToNewPartnership(t.app, t.testDb.db);
});
afterAll(async () => t.close());

const dhr = {
  reference: 'DHR 2026/04',
  title: 'Death of a woman at home',
  subjectPseudonym: 'Adult D',
  type: 'dhr',
  method: 'systems',
};

describe('starting a domestic homicide review', () => {
  it('says on the form that DHRs follow Home Office guidance and have no usual markers', async () => {
    const page = readPage((await manager.get('/reviews/new')).body);
    expect(page.text('main')).toMatch(
      /Not for a domestic homicide review, which has no usual markers: DHRs follow the Home Office.s statutory guidance/,
    );
  });

  it('asks for a framework instead of starting on the SAR markers, keeping what was typed', async () => {
    const res = await manager.post('/reviews/new', dhr);
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorLinks.map((l) => l.text)).toEqual([
      'Select the framework for this domestic homicide or domestic abuse related death review',
    ]);
    expect(page.root.querySelector('input[name="reference"]')?.getAttribute('value')).toBe('DHR 2026/04');
    expect(await t.testDb.db.selectFrom('review').select('id').execute()).toEqual([]);
  });

  it('starts on the framework the person chooses', async () => {
    const res = await manager.post('/reviews/new', { ...dhr, framework: 'sar-quality-markers' });
    expect(res.statusCode).toBe(303);
    const review = await t.testDb.db
      .selectFrom('review')
      .select(['framework_key', 'framework_version'])
      .executeTakeFirstOrThrow();
    expect(review).toEqual({ framework_key: 'sar-quality-markers', framework_version: '1.1.0' });
  });

  it('still gives a SAR the SAR markers without asking', async () => {
    const res = await manager.post('/reviews/new', { ...dhr, reference: 'SAR 2026/05', type: 'sar' });
    expect(res.statusCode).toBe(303);
  });
});
