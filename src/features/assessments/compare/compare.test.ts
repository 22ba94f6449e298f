import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../../test/helpers/client.js';
import { readPage } from '../../../../test/helpers/html.js';
import { reviewThroughForm } from '../../../../test/helpers/reviews.js';

let t: TestApp;
let manager: Client;
let outsider: Client;
let foreign: Client;
let reviewUrl: string;
let r1: string;
let r2: string;

const idOf = (url: string) => url.split('/').pop()!;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  manager = await signedInClient(t.app, db, await insertPerson(db, org.id, 'member'), org.id);
  outsider = await signedInClient(t.app, db, await insertPerson(db, org.id, 'member'), org.id);
  foreign = await signedInClient(t.app, db, await insertPerson(db, other.id, 'admin', { twoFactor: true }), other.id);
  reviewUrl = await reviewThroughForm(manager, { reference: 'LCSPR 11', subjectPseudonym: 'Child E' });

  const round1 = (await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'planning' })).headers.location as string;
  r1 = idOf(round1);
  const referral = `${round1}/markers/referral`;
  await manager.post(referral, {
    version: '1',
    'original-judgement': 'not-yet-assessed',
    'original-status': 'not-started',
    'original-rationale': '',
    'original-owner': '',
    judgement: 'met',
    status: 'completed',
    rationale: 'Clear referral',
    owner: '',
    'version-reason-is-clear': '1',
    'original-answer-reason-is-clear': '',
    'original-note-reason-is-clear': '',
    'answer-reason-is-clear': 'yes',
    'note-reason-is-clear': '',
  });
  // Round 2 starts from round 1: answers and judgements copied, every status back to "not started".
  const round2 = (await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review', copyFrom: r1 })).headers
    .location as string;
  r2 = idOf(round2);
  const answer = await manager.post(`${round2}/markers/referral/meeting?q=2`, {
    q: '2',
    version: '1',
    'original-answer': '',
    'original-note': '',
    answer: 'no',
    note: 'The route is not stated',
  });
  expect(answer.statusCode).toBe(303);
});
afterAll(async () => t.close());

const compareUrl = () => `${reviewUrl}/rounds/compare`;

describe('comparing two rounds', () => {
  it('shows each marker in both rounds per stage, labels what changed, and lists answers that differ', async () => {
    const res = await manager.get(`${compareUrl()}?a=${r1}&b=${r2}`);
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Compare rounds');
    expect(page.title).toBe('Compare rounds – LCSPR 11 – Quality Markers');
    const referral = page.text('#marker-referral');
    expect(referral).toContain('Met');
    expect(referral).toContain('Completed');
    expect(referral).toContain('Not started');
    expect(referral).toContain('Changed');
    expect(referral).toContain('Status changed');
    expect(referral).toContain('1 answer differs');
    expect(page.root.querySelector('#marker-referral')?.classList.contains('app-compare__row--changed')).toBe(true);
    expect(page.text('#marker-decision-making')).toContain('No change');

    const answers = page.root.querySelector('#answers-referral')?.nextElementSibling;
    const rows = answers?.querySelectorAll('tbody tr').map((r) => r.text.replace(/\s+/g, ' ').trim()) ?? [];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Does the referral say whether the case appears to be a serious child safeguarding case');
    expect(rows[0]).toContain('Not answered');
    expect(rows[0]).toContain('No Notes: The route is not stated');
    expect(page.root.querySelector('#answers-decision-making')).toBeNull();

    const audit = await t.testDb.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'rounds.compared')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('is linked from a round and a marker, and picks the round before when only one is named', async () => {
    const round = readPage((await manager.get(`${reviewUrl}/rounds/${r2}`)).body);
    expect(round.root.querySelector(`a[href="${compareUrl()}?b=${r2}"]`)).not.toBeNull();
    const marker = readPage((await manager.get(`${reviewUrl}/rounds/${r2}/markers/referral`)).body);
    expect(marker.root.querySelector(`a[href="${compareUrl()}?b=${r2}#marker-referral"]`)).not.toBeNull();

    const page = readPage((await manager.get(`${compareUrl()}?b=${r2}`)).body);
    expect(page.root.querySelector(`#a option[value="${r1}"]`)?.hasAttribute('selected')).toBe(true);
    expect(page.root.querySelector(`#b option[value="${r2}"]`)?.hasAttribute('selected')).toBe(true);
    expect(page.text('#marker-referral')).toContain('Changed');
  });

  it('says what is wrong with the choice, GOV.UK style', async () => {
    const same = await manager.get(`${compareUrl()}?a=${r1}&b=${r1}`);
    expect(same.statusCode).toBe(400);
    const page = readPage(same.body);
    expect(page.title).toMatch(/^Error: /);
    expect(page.errorLinks).toEqual([{ text: 'Select a different round to compare with', href: '#b' }]);
    expect(page.root.querySelector('table')).toBeNull();
    const empty = readPage((await manager.get(`${compareUrl()}?a=&b=${r2}`)).body);
    expect(empty.errorLinks).toEqual([{ text: 'Select the first round to compare', href: '#a' }]);
  });

  it('is not found for people outside the review or the partnership', async () => {
    expect((await outsider.get(`${compareUrl()}?a=${r1}&b=${r2}`)).statusCode).toBe(404);
    expect((await foreign.get(`${compareUrl()}?a=${r1}&b=${r2}`)).statusCode).toBe(404);
  });
});
