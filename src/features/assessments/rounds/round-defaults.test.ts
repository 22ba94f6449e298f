import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { signedInToNewPartnership, type Client } from '../../../../test/helpers/client.js';
import { readPage } from '../../../../test/helpers/html.js';
import { RAPID_REVIEW_MARKERS, RAPID_REVIEW_NOT_APPLICABLE } from './round-defaults.js';
import { reviewThroughForm } from '../../../../test/helpers/reviews.js';

// Issue 16 §3: a rapid review's first round covers what a rapid review can address; the other markers
// start as not applicable, with the reason, and the round page shows them so.

let t: TestApp;
let manager: Client;

beforeAll(async () => {
  t = await buildTestApp();
  manager = await signedInToNewPartnership(t.app, t.testDb.db);
});
afterAll(async () => t.close());

const startReview = (type: string, reference: string) =>
  reviewThroughForm(manager, { reference, title: 'Serious injury to a baby', subjectPseudonym: 'Child R', type });

async function newRound(reviewUrl: string, body: Record<string, string> = { purpose: 'in-review' }) {
  const res = await manager.post(`${reviewUrl}/rounds/new`, body);
  expect(res.statusCode).toBe(303);
  return res.headers.location as string;
}

const records = (roundUrl: string) =>
  t.testDb.db
    .selectFrom('marker_record')
    .select(['marker_key', 'judgement', 'status', 'rationale'])
    .where('round_id', '=', roundUrl.split('/').at(-1)!)
    .execute();

describe('a rapid review’s first round', () => {
  it('leaves the set-up markers, parallel processes and assembling information to assess', async () => {
    const review = await startReview('rapid-review', 'RR 2026/31');
    const round = await newRound(review);
    const rows = await records(round);
    expect(rows).toHaveLength(18);
    const covered = new Set(RAPID_REVIEW_MARKERS['scr-quality-markers']);
    for (const r of rows) {
      if (covered.has(r.marker_key)) {
        expect(r, r.marker_key).toMatchObject({ judgement: 'not-yet-assessed', status: 'not-started', rationale: '' });
      } else {
        expect(r, r.marker_key).toMatchObject({
          judgement: 'not-applicable',
          status: 'completed',
          rationale: RAPID_REVIEW_NOT_APPLICABLE,
        });
      }
    }
    expect(rows.filter((r) => r.judgement === 'not-applicable')).toHaveLength(11);

    const page = readPage((await manager.get(round)).body);
    expect(page.text('#progress-review-set-up')).toBe('0 of 5 markers completed');
    expect(page.text('#progress-review-outputs')).toBe('5 of 5 markers completed');
    expect(page.text('main')).toContain('Judgement: Not applicable');
    const marker = readPage((await manager.get(`${round}/markers/analysis`)).body);
    expect(marker.text('main')).toContain('a rapid review covers the set-up markers');
  });

  it('presets nothing in a later round, or in another type of review', async () => {
    const review = await startReview('rapid-review', 'RR 2026/32');
    const first = await newRound(review);
    const second = await newRound(review, { purpose: 'in-review' });
    expect(second).not.toBe(first);
    for (const r of await records(second)) expect(r.judgement, r.marker_key).toBe('not-yet-assessed');

    const local = await startReview('local-cspr', 'LCSPR 2026/33');
    for (const r of await records(await newRound(local))) {
      expect(r, r.marker_key).toMatchObject({ judgement: 'not-yet-assessed', status: 'not-started' });
    }
  });
});
