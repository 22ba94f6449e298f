import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { apiToken, type Client } from '../../../../test/helpers/client.js';
import { formValues, readPage } from '../../../../test/helpers/html.js';
import { reviewWithTeam } from '../../../../test/helpers/round-world.js';
import { parseCsv } from '../../../lib/csv.js';

// The SCR markers by stage (18): set-up 1–5, running the review 6–13, outputs 14–18.
const OUTPUTS = [
  'report',
  'improvement-action',
  'board-written-response',
  'publication',
  'implementation-and-evaluation',
];

let t: TestApp;
let manager: Client;
let chair: Client;
let reviewUrl: string;
let reviewId: string;
let token: string;

beforeAll(async () => {
  t = await buildTestApp();
  const world = await reviewWithTeam(t, { reference: 'LCSPR 12', subjectPseudonym: 'Child M' });
  ({ manager, chair, reviewUrl, reviewId } = world);
  token = await apiToken(t.testDb.db, world.organisationId, world.people.manager.id);
});
afterAll(async () => t.close());

const keysOf = (roundUrl: string) =>
  t.testDb.db
    .selectFrom('marker_record')
    .select('marker_key')
    .where('round_id', '=', roundUrl.split('/').pop()!)
    .execute()
    .then((rows) => rows.map((r) => r.marker_key));

const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });

describe('the markers a round covers', () => {
  it('are the usual ones for its purpose unless the person chooses', async () => {
    const form = readPage((await manager.get(`${reviewUrl}/rounds/new`)).body);
    expect(form.text('#scope-item-hint')).toBe(
      'Planning: 13 of the 18 markers, leaving out Review outputs. Quality assurance while the review runs, and reflection afterwards: every marker (18).',
    );
    for (const [purpose, count] of [
      ['planning', 13],
      ['in-review', 18],
      ['retrospective', 18],
    ] as const) {
      const res = await manager.post(`${reviewUrl}/rounds/new`, { purpose, scope: 'usual' });
      expect(res.statusCode).toBe(303);
      const keys = await keysOf(res.headers.location as string);
      expect(keys, purpose).toHaveLength(count);
      if (purpose === 'planning') expect(keys.filter((k) => OUTPUTS.includes(k))).toEqual([]);
    }
  });

  it('are the only ones the round’s board report reports on; the others are named as not in the round', async () => {
    const planning = await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'planning', scope: 'usual' });
    const roundUrl = planning.headers.location as string;
    const report = readPage((await manager.get(`${roundUrl}/report`)).body);
    expect(report.root.querySelectorAll('.app-report-marker')).toHaveLength(13);
    expect(report.root.querySelector('#marker-report')).toBeNull();
    expect(report.text('[aria-labelledby="report-stage-review-outputs"]')).toContain('Not in this round: 14. ');
  });

  it('are chosen on a second page with the usual ones ticked, stored, and shown', async () => {
    const ask = await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'planning', scope: 'choose' });
    expect(ask.statusCode).toBe(200);
    const choose = readPage(ask.body);
    expect(choose.h1).toMatch(/^Choose the markers for round \d+$/);
    const ticked = choose.root.querySelectorAll('input[name="markers"][checked]').map((i) => i.getAttribute('value'));
    expect(ticked).toHaveLength(13);
    expect(choose.root.querySelector('input[value="report"]')?.hasAttribute('checked')).toBe(false);

    const hidden = { purpose: 'planning', copyFrom: '', scope: 'choose', step: 'markers' };
    expect(formValues(choose, 'main form', { markers: 'x' })).toEqual({ ...hidden, markers: 'x' });
    const empty = await manager.post(`${reviewUrl}/rounds/new`, hidden);
    expect(empty.statusCode).toBe(400);
    const emptyPage = readPage(empty.body);
    expect(emptyPage.title).toMatch(/^Error: Choose the markers/);
    expect(emptyPage.errorLinks).toEqual([{ text: 'Select at least one marker for this round', href: '#markers' }]);
    expect(emptyPage.root.querySelector('input[name="purpose"]')?.getAttribute('value')).toBe('planning');

    const chosen = await manager.post(`${reviewUrl}/rounds/new`, {
      purpose: 'in-review',
      scope: 'choose',
      step: 'markers',
      markers: ['report', 'referral', 'analysis'],
    });
    expect(chosen.statusCode).toBe(303);
    const roundUrl = chosen.headers.location as string;
    expect((await keysOf(roundUrl)).sort()).toEqual(['analysis', 'referral', 'report']);

    const page = readPage((await manager.get(roundUrl)).body);
    expect(page.text('#round-scope')).toBe(
      'This round covers 3 of the framework’s 18 markers. The others are shown as not in this round.',
    );
    const items = page.all('.govuk-task-list__item');
    expect(items.find((i) => i.startsWith('2. Decision making'))).toBe('2. Decision making Not in this round');
    expect(page.root.querySelector(`a[href="${roundUrl}/markers/decision-making"]`)).toBeNull();
    expect(page.root.querySelector(`a[href="${roundUrl}/markers/referral"]`)).not.toBeNull();
    expect(page.text('#progress-review-set-up')).toBe('0 of 1 markers completed');
    expect((await manager.get(`${roundUrl}/markers/decision-making`)).statusCode).toBe(404);

    // Save and continue goes to the next marker of the round, skipping the others.
    const done = { judgement: 'met', status: 'completed', rationale: 'Agreed at the panel' };
    let url = `${roundUrl}/markers/referral`;
    for (const next of ['analysis', 'report']) {
      const form = readPage((await manager.get(url)).body);
      const saved = await manager.post(url, { ...formValues(form, 'form[data-module]', done), continue: 'yes' });
      expect(saved.headers.location).toBe(`${roundUrl}/markers/${next}?from=${url.split('/').pop()}`);
      url = `${roundUrl}/markers/${next}`;
    }
    expect(readPage((await manager.get(roundUrl)).body).text('#signoff-progress')).toBe('2 of 3 markers completed.');
    const last = readPage((await manager.get(url)).body);
    await manager.post(url, formValues(last, 'form[data-module]', done));

    // Sign-off counts only the round's markers: all three are completed, so sending asks nothing.
    const sent = await manager.post(`${roundUrl}/sign-off`, { action: 'send' });
    expect(sent.statusCode).toBe(303);
    const chairSees = readPage((await chair.get(roundUrl)).body).text('.app-signoff');
    expect(chairSees).toContain('Awaiting sign-off');
    expect(chairSees).toContain('3 of 3 markers completed.');
    expect(chairSees).not.toContain('Not completed yet');

    // The exports say which markers are not in the round, in words.
    const csv = parseCsv((await manager.get(`/reviews/${reviewId}/export?format=csv`)).body).rows;
    const status = csv[0]!.indexOf('Status');
    const byKey = new Map(csv.slice(1).map((r) => [r[5], r[status]]));
    expect([byKey.get('referral'), byKey.get('decision-making')]).toEqual(['Completed', 'Not in this round']);
    const docx = await manager.get(`/reviews/${reviewId}/export?format=docx`);
    const words = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(words.replace(/<[^>]+>/g, '')).toContain('Not in this round: 2. Decision making; 3. Advising board members');

    const viaApi = await api('GET', `/api/v1/reviews/${reviewId}/rounds/${roundUrl.split('/').pop()}`);
    expect(viaApi.statusCode).toBe(200);
    expect(viaApi.json<{ markers: string[] }>().markers).toEqual(['referral', 'analysis', 'report']);
  });

  it('are named when a round is started through the API, or are the usual ones for its purpose', async () => {
    const chosen = await api('POST', `/api/v1/reviews/${reviewId}/rounds`, {
      purpose: 'retrospective',
      markers: ['publication', 'referral'],
    });
    expect(chosen.statusCode).toBe(201);
    expect(chosen.json<{ markers: string[] }>().markers).toEqual(['referral', 'publication']);
    const usual = await api('POST', `/api/v1/reviews/${reviewId}/rounds`, { purpose: 'planning' });
    expect(usual.json<{ markers: string[] }>().markers).toHaveLength(13);
    const unknown = await api('POST', `/api/v1/reviews/${reviewId}/rounds`, {
      purpose: 'planning',
      markers: ['referral', 'no-such-marker'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ error: { message: string } }>().error.message).toBe(
      'markers: the review’s framework has no marker no-such-marker',
    );
    expect(
      (await api('POST', `/api/v1/reviews/${reviewId}/rounds`, { purpose: 'planning', markers: [] })).statusCode,
    ).toBe(400);
  });
});
