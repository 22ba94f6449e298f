import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../../test/helpers/client.js';
import { readPage } from '../../../../test/helpers/html.js';
import { newId } from '../../../lib/ids.js';
import { reviewThroughForm } from '../../../../test/helpers/reviews.js';

let t: TestApp;
let manager: Client;
let observer: Client;
let markerUrl: string;
let meetingUrl: string;
const QUESTIONS = 9; // the Referral marker's questions (SCR 1.1.0)

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  manager = await signedInClient(t.app, db, await insertPerson(db, org.id, 'member'), org.id);
  const o = await insertPerson(db, org.id, 'member');
  observer = await signedInClient(t.app, db, o, org.id);
  const reviewUrl = await reviewThroughForm(manager, { reference: 'LCSPR 9', subjectPseudonym: 'Child D' });
  await db
    .insertInto('review_member')
    .values({
      id: newId(),
      organisation_id: org.id,
      review_id: reviewUrl.split('/').pop()!,
      user_id: o.id,
      role: 'observer',
      created_at: new Date().toISOString(),
    })
    .execute();
  const roundUrl = (await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review' })).headers.location as string;
  markerUrl = `${roundUrl}/markers/referral`;
  meetingUrl = `${markerUrl}/meeting`;
});
afterAll(async () => t.close());

const response = (questionKey: string) =>
  t.testDb.db
    .selectFrom('question_response')
    .selectAll()
    .where('marker_key', '=', 'referral')
    .where('question_key', '=', questionKey)
    .executeTakeFirstOrThrow();

describe('meeting mode', () => {
  it('shows one question at a time, in large text, with previous and next links', async () => {
    expect(
      readPage((await manager.get(markerUrl)).body).root.querySelector(`a[href="${meetingUrl}?q=1"]`),
    ).not.toBeNull();
    const roundUrl = markerUrl.replace('/markers/referral', '');
    const roundPage = readPage((await manager.get(roundUrl)).body);
    expect(roundPage.root.querySelector(`a[href="${roundUrl}/meeting"]`)?.text).toContain('Meeting mode');
    const first = readPage((await manager.get(`${meetingUrl}?q=1`)).body);
    expect(first.h1).toBe(
      'Is the reason for referring this case for a review clearly argued and backed by enough information?',
    );
    expect(first.text('#meeting-step')).toBe(`Question 1 of ${QUESTIONS}`);
    expect(first.root.querySelector('[data-module="app-meeting"]')).not.toBeNull();
    expect(first.root.querySelector('a[rel="prev"]')).toBeNull();
    expect(first.root.querySelector('a[rel="next"]')?.getAttribute('href')).toBe(`${meetingUrl}?q=2`);
    expect(first.root.querySelectorAll('input[name="answer"]')).toHaveLength(5);

    const second = readPage((await manager.get(`${meetingUrl}?q=2`)).body);
    expect(second.root.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe(`${meetingUrl}?q=1`);
    // Anything out of range starts at the beginning.
    expect(readPage((await manager.get(`${meetingUrl}?q=99`)).body).text('#meeting-step')).toBe(
      `Question 1 of ${QUESTIONS}`,
    );
  });

  it('saves one answer with its notes and moves to the next question', async () => {
    const saved = await manager.post(`${meetingUrl}?q=1`, {
      q: '1',
      version: '1',
      'original-answer': '',
      'original-note': '',
      answer: 'partly',
      note: 'Panel: reasons given but thin on risk.',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${meetingUrl}?q=2`);
    expect(await response('reason-is-clear')).toMatchObject({
      answer: 'partly',
      note: 'Panel: reasons given but thin on risk.',
      version: 2,
    });
    const back = readPage((await manager.get(`${meetingUrl}?q=1`)).body);
    expect(back.root.querySelector('input[name="answer"][value="partly"]')?.hasAttribute('checked')).toBe(true);
    expect(back.root.querySelector('#note')?.text).toBe('Panel: reasons given but thin on risk.');

    // Nothing changed: no new version, and "previous" goes back.
    const unchanged = await manager.post(`${meetingUrl}?q=2`, {
      q: '2',
      version: '1',
      'original-answer': '',
      'original-note': '',
      answer: '',
      note: '',
      go: 'previous',
    });
    expect(unchanged.headers.location).toBe(`${meetingUrl}?q=1`);
    expect((await response('route-stated')).version).toBe(1);
  });

  it('shows both versions and keeps the input when someone else saved first', async () => {
    const stale = await manager.post(`${meetingUrl}?q=1`, {
      q: '1',
      version: '1',
      'original-answer': '',
      'original-note': '',
      answer: 'no',
      note: 'My note from the meeting',
    });
    expect(stale.statusCode).toBe(409);
    const page = readPage(stale.body);
    expect(page.text('.govuk-notification-banner')).toContain('Not saved');
    expect(page.text('.app-conflict')).toContain('Partly');
    expect(page.text('.app-conflict')).toContain('Panel: reasons given but thin on risk.');
    expect(page.root.querySelector('#note')?.text).toBe('My note from the meeting');
    expect(page.root.querySelector('input[name="answer"][value="no"]')?.hasAttribute('checked')).toBe(true);
    expect(page.root.querySelector('input[name="version"]')?.getAttribute('value')).toBe('2');
    expect((await response('reason-is-clear')).answer).toBe('partly');
  });

  it('ends with the decision and rationale, saved as the marker’s judgement', async () => {
    const step = `${meetingUrl}?q=${QUESTIONS + 1}`;
    const last = readPage((await manager.get(`${meetingUrl}?q=${QUESTIONS}`)).body);
    expect(last.root.querySelector('a[rel="next"]')?.getAttribute('href')).toBe(step);
    const decision = readPage((await manager.get(step)).body);
    expect(decision.text('#meeting-step')).toBe('Decision and rationale');
    expect(decision.text('.app-meeting__answers')).toContain('Panel: reasons given but thin on risk.');

    const missing = await manager.post(step, {
      q: String(QUESTIONS + 1),
      version: '1',
      'original-judgement': 'not-yet-assessed',
      'original-rationale': '',
      'original-status': 'not-started',
      judgement: '',
      rationale: 'Half-typed',
      status: 'not-started',
    });
    expect(missing.statusCode).toBe(400);
    const errorPage = readPage(missing.body);
    expect(errorPage.title).toMatch(/^Error: /);
    expect(errorPage.errorLinks).toEqual([{ text: 'Select a judgement', href: '#judgement' }]);
    expect(errorPage.root.querySelector('#rationale')?.text).toBe('Half-typed');

    const saved = await manager.post(step, {
      q: String(QUESTIONS + 1),
      version: '1',
      'original-judgement': 'not-yet-assessed',
      'original-rationale': '',
      'original-status': 'not-started',
      judgement: 'partly-met',
      rationale: 'Referral prompt, reasons thin.',
      status: 'ready-for-sign-off',
      go: 'stay',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${step}&saved=1`);
    const done = readPage((await manager.get(saved.headers.location as string)).body);
    expect(done.text('.govuk-notification-banner')).toContain('The decision has been saved.');
    expect(done.root.querySelector('a[href$="/markers/decision-making/meeting?q=1"]')).not.toBeNull();
    const record = await t.testDb.db
      .selectFrom('marker_record')
      .selectAll()
      .where('marker_key', '=', 'referral')
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({
      judgement: 'partly-met',
      rationale: 'Referral prompt, reasons thin.',
      status: 'ready-for-sign-off',
      version: 2,
    });
  });

  it('is read-only for an observer, who can still step through', async () => {
    const page = readPage((await observer.get(`${meetingUrl}?q=1`)).body);
    expect(page.root.querySelector('form[data-meeting-form]')).toBeNull();
    expect(page.text('.app-meeting')).toContain('Answer: Partly');
    expect(page.root.querySelector('a[rel="next"]')).not.toBeNull();
    const write = await observer.post(`${meetingUrl}?q=1`, {
      q: '1',
      version: '2',
      'original-answer': 'partly',
      'original-note': '',
      answer: 'yes',
      note: '',
    });
    expect(write.statusCode).toBe(403);
  });
  it('answers 404 on every page of a marker its round’s framework does not have', async () => {
    // A record whose key is not in the round's framework version (as an imported review could bring).
    const db = t.testDb.db;
    const rec = await db
      .selectFrom('marker_record')
      .selectAll()
      .where('marker_key', '=', 'referral')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('marker_record')
      .values({ ...rec, id: newId(), marker_key: 'no-such-marker' })
      .execute();
    const ghost = markerUrl.replace('/markers/referral', '/markers/no-such-marker');
    expect((await manager.get(ghost)).statusCode, 'the marker page').toBe(404);
    expect((await manager.post(ghost, { version: String(rec.version) })).statusCode, 'saving it').toBe(404);
    expect((await manager.get(`${ghost}/meeting`)).statusCode, 'meeting mode').toBe(404);
  });
});
