import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../../../test/fixtures/frameworks/fixtures.js';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../../test/helpers/client.js';
import { formValues, readPage, type Page } from '../../../../test/helpers/html.js';
import { createToken } from '../../accounts/tokens.service.js';
import { builtInCatalogue } from '../../frameworks/frameworks.service.js';
import { importFramework } from '../../frameworks/imports.service.js';
import { initialJudgement, NO_JUDGEMENT } from '../records/assessments.options.js';

// A round on an imported framework whose scale is only "met" and "not met": markers start unjudged.
let t: TestApp;
let manager: Client;
let token: string;
let reviewUrl: string;
let roundUrl: string;
const KEY = 'riverside-review-checks';

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Riverside Safeguarding Partnership');
  const catalogue = builtInCatalogue();
  const actor = { userId: null, organisationId: org.id, ip: null, userAgent: null };
  await importFramework(db, catalogue, org.id, fixture('local-v2.yaml'), actor);
  const member = await insertPerson(db, org.id, 'member');
  manager = await signedInClient(t.app, db, member, org.id);
  token = (
    await createToken(
      db,
      { organisationId: org.id, userId: member.id, name: 't', scopes: ['read', 'write'], expiresAt: null },
      actor,
    )
  ).token;
  const started = await manager.post('/reviews/new', {
    reference: 'LOCAL 7',
    title: 'Review of a local case',
    subjectPseudonym: 'Adult D',
    type: 'sar',
    method: 'systems',
    framework: KEY,
  });
  reviewUrl = started.headers.location as string;
  roundUrl = (await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review' })).headers.location as string;
});
afterAll(async () => t.close());

const roundId = () => roundUrl.split('/').pop()!;
const record = (markerKey: string, round = roundId()) =>
  t.testDb.db
    .selectFrom('marker_record')
    .selectAll()
    .where('round_id', '=', round)
    .where('marker_key', '=', markerKey)
    .executeTakeFirstOrThrow();

const formOf = (page: Page, changed: Record<string, string>) => formValues(page, 'form[data-module]', changed);

describe('the judgement a marker starts with', () => {
  it('is "not yet assessed" when the scale has it, and no judgement otherwise', () => {
    const builtIn = [{ key: 'met' }, { key: 'not-met' }, { key: 'not-yet-assessed' }];
    expect(initialJudgement(builtIn)).toBe('not-yet-assessed');
    expect(initialJudgement([{ key: 'met' }, { key: 'not-met' }])).toBe(NO_JUDGEMENT);
    expect(NO_JUDGEMENT).toBe('');
  });

  it('leaves every marker of a round on a scale without it unjudged, shown as "Not yet judged"', async () => {
    const rows = await t.testDb.db.selectFrom('marker_record').selectAll().where('round_id', '=', roundId()).execute();
    expect(rows.map((r) => r.marker_key).sort()).toEqual([
      'family',
      'practitioners',
      'records',
      'reviewer-chosen',
      'scope',
    ]);
    expect(new Set(rows.map((r) => r.judgement))).toEqual(new Set([NO_JUDGEMENT]));
    const round = readPage((await manager.get(roundUrl)).body);
    expect(round.all('.govuk-task-list__hint')).toEqual(Array(5).fill('Judgement: Not yet judged'));
    const review = readPage((await manager.get(reviewUrl)).body);
    expect(review.text('.govuk-summary-list')).toContain('Riverside local review checks, version 1.1.0');
  });
});

describe('working a round on an imported framework', () => {
  it('offers only the scale’s own judgements and saves other changes while the marker is unjudged', async () => {
    const url = `${roundUrl}/markers/scope`;
    const page = readPage((await manager.get(url)).body);
    const radios = page.root.querySelectorAll('input[name=judgement]');
    expect(radios.map((r) => r.getAttribute('value'))).toEqual(['met', 'not-met']);
    expect(radios.some((r) => r.hasAttribute('checked'))).toBe(false);
    expect(page.text('#judgement-hint')).toContain('Not yet judged');

    const progress = await manager.post(url, formOf(page, { status: 'in-progress', 'answer-agreed': 'yes' }));
    expect(progress.statusCode).toBe(303);
    expect(await record('scope')).toMatchObject({ judgement: NO_JUDGEMENT, status: 'in-progress' });

    const notOnScale = await manager.post(
      url,
      formOf(readPage((await manager.get(url)).body), { judgement: 'not-yet-assessed', status: 'in-progress' }),
    );
    expect(notOnScale.statusCode).toBe(400);
    expect(readPage(notOnScale.body).errorLinks).toEqual([{ text: 'Select a judgement', href: '#judgement' }]);

    const judged = await manager.post(
      url,
      formOf(readPage((await manager.get(url)).body), {
        judgement: 'met',
        status: 'completed',
        rationale: 'The scope was agreed at the first panel.',
      }),
    );
    expect(judged.statusCode).toBe(303);
    expect(await record('scope')).toMatchObject({ judgement: 'met', status: 'completed' });
    const after = readPage((await manager.get(url)).body);
    expect(after.root.querySelector('input[name=judgement][value=met]')?.hasAttribute('checked')).toBe(true);
    expect(after.root.querySelector('#judgement-hint')).toBeNull();

    // Once judged, "no judgement" is not something a person can go back to.
    const cleared = await manager.post(url, formOf(after, { judgement: '', status: 'completed' }));
    expect(cleared.statusCode).toBe(400);
    expect((await record('scope')).judgement).toBe('met');
  });

  it('records a meeting’s rationale before a judgement is reached', async () => {
    const step = `${roundUrl}/markers/reviewer-chosen/meeting?q=3`;
    const page = readPage((await manager.get(step)).body);
    expect(page.text('main')).toContain('Not yet judged');
    const res = await manager.post(step, {
      q: '3',
      version: '1',
      'original-judgement': '',
      'original-rationale': '',
      judgement: '',
      rationale: 'Panel still weighing who to appoint.',
    });
    expect(res.statusCode).toBe(303);
    expect(await record('reviewer-chosen')).toMatchObject({
      judgement: NO_JUDGEMENT,
      rationale: 'Panel still weighing who to appoint.',
    });
  });

  it('shows an unjudged marker as null in the API, and takes only the scale’s judgements', async () => {
    const url = `/api/v1/${reviewUrl.slice(1)}/rounds/${roundId()}/markers/records`;
    const call = (method: 'GET' | 'PUT', payload?: object) =>
      t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
    const read = await call('GET');
    expect(read.json()).toMatchObject({ markerKey: 'records', judgement: null, version: 1 });
    // Sending back what was read is fine while the marker stays unjudged.
    const unchanged = await call('PUT', { version: 1, judgement: null, status: 'in-progress' });
    expect(unchanged.statusCode).toBe(200);
    expect(unchanged.json()).toMatchObject({ judgement: null, status: 'in-progress', version: 2 });
    expect((await call('PUT', { version: 2, judgement: 'not-yet-assessed' })).statusCode).toBe(400);
    const judged = await call('PUT', { version: 2, judgement: 'not-met', rationale: 'No records kept' });
    expect(judged.statusCode).toBe(200);
    expect(judged.json()).toMatchObject({ judgement: 'not-met', version: 3 });
    expect((await call('PUT', { version: 3, judgement: null })).statusCode).toBe(400);
    expect((await record('records')).judgement).toBe('not-met');
  });

  it('carries judgements into a copied round, and compares unjudged markers as "Not yet judged"', async () => {
    const copied = await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'retrospective', copyFrom: roundId() });
    expect(copied.statusCode).toBe(303);
    const second = (copied.headers.location as string).split('/').pop()!;
    expect((await record('scope', second)).judgement).toBe('met');
    expect((await record('family', second)).judgement).toBe(NO_JUDGEMENT);
    const res = await manager.get(`${reviewUrl}/rounds/compare?a=${roundId()}&b=${second}`);
    const compare = readPage(res.body);
    expect(compare.text('#marker-scope')).toContain('Met');
    expect(compare.text('#marker-family')).toContain('Not yet judged');
    expect(res.body).not.toMatch(/<strong>\s*<\/strong>/);
  });
});
