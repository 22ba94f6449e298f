import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { createToken } from '../accounts/tokens.service.js';

let t: TestApp;
let org: { id: string; slug: string };
let manager: Client;
let viewer: Client;
let outsider: Client;
let managerToken: string;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  org = await insertOrganisation(db, 'Anytown Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  const managerPerson = await insertPerson(db, org.id, 'member');
  manager = await signedInClient(t.app, db, managerPerson, org.id);
  const noActor = { userId: null, organisationId: null, ip: null, userAgent: null };
  managerToken = (
    await createToken(
      db,
      { organisationId: org.id, userId: managerPerson.id, name: 't', scopes: ['read', 'write'], expiresAt: null },
      noActor,
    )
  ).token;
  viewer = await signedInClient(t.app, db, await insertPerson(db, org.id, 'viewer'), org.id);
  outsider = await signedInClient(t.app, db, await insertPerson(db, other.id, 'admin', { twoFactor: true }), other.id);
});
afterAll(async () => t.close());

const newReview = {
  reference: 'LCSPR 2026/03',
  title: 'Practice review after an injury to an infant',
  subjectPseudonym: 'Child A',
  type: 'local-cspr',
  method: 'systems',
};

async function startReview(client: Client, fields = newReview) {
  const res = await client.post('/reviews/new', fields);
  expect(res.statusCode).toBe(303);
  return res.headers.location as string;
}

describe('starting a review', () => {
  it('creates it with the SCR markers pinned and the creator as business manager', async () => {
    const url = await startReview(manager);
    const page = readPage((await manager.get(url)).body);
    expect(page.h1).toBe(newReview.title);
    expect(page.text('.govuk-summary-list')).toContain('Serious Case Review Quality Markers, version 1.1.0');
    expect(page.text('.govuk-summary-list')).toContain('Business manager');
    expect(page.all('#timescales .govuk-summary-list__row')).toHaveLength(6);
    const list = readPage((await manager.get('/reviews')).body);
    expect(list.all('tbody tr td:first-child')).toContain('LCSPR 2026/03');
  });

  it('shows GOV.UK errors, keeps input and refuses a real-looking name', async () => {
    const res = await manager.post('/reviews/new', {
      ...newReview,
      reference: '',
      subjectPseudonym: 'Jane Smith',
      type: '',
    });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Start a review – Quality Markers');
    expect(page.errorLinks.map((e) => e.text)).toEqual([
      'Enter a review reference',
      'Enter a pseudonym like Child A or Adult B, not a real name',
      'Select the type of review',
    ]);
    expect(page.root.querySelector('#title')?.getAttribute('value')).toBe(newReview.title);
  });

  it('starts one review when several people send the same new reference at once, and tells the rest (409, never 500)', async () => {
    const db = t.testDb.db;
    const people = await Promise.all(
      Array.from({ length: 6 }, async () =>
        signedInClient(t.app, db, await insertPerson(db, org.id, 'member'), org.id),
      ),
    );
    const tokens = await Promise.all(people.map((p) => p.csrfToken()));
    const sent = { ...newReview, reference: 'LCSPR 2026/40' };
    const answers = await Promise.all(
      people.map((p, i) => p.post('/reviews/new', { ...sent, _csrf: tokens[i]! }, { csrf: false })),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([303, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((r) => r.statusCode === 409)) {
      expect(readPage(refused.body).errorLinks[0]?.text).toBe(
        'A review with reference LCSPR 2026/40 already exists: choose another',
      );
    }
  });

  it('re-shows the form with a field error on a reference already taken, keeping what was typed (409)', async () => {
    await startReview(manager, { ...newReview, reference: 'LCSPR 2026/20' });
    const typed = { ...newReview, reference: 'LCSPR 2026/20', title: 'A second title', subjectPseudonym: 'Child Q' };
    const res = await manager.post('/reviews/new', { ...typed, framework: 'sar-quality-markers' });
    expect(res.statusCode).toBe(409);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Start a review – Quality Markers');
    const message = 'A review with reference LCSPR 2026/20 already exists: choose another';
    expect(page.errorLinks).toEqual([{ text: message, href: '#reference' }]);
    expect(page.text('#reference-error')).toBe(`Error: ${message}`);
    expect(page.root.querySelector('#reference')?.getAttribute('value')).toBe('LCSPR 2026/20');
    expect(page.root.querySelector('#title')?.getAttribute('value')).toBe('A second title');
    expect(page.root.querySelector('#subjectPseudonym')?.getAttribute('value')).toBe('Child Q');
    expect(page.root.querySelector('input[name=type][value=local-cspr]')?.hasAttribute('checked')).toBe(true);
    expect(page.root.querySelector('input[name=framework][value=sar-quality-markers]')?.hasAttribute('checked')).toBe(
      true,
    );
    // Choosing another reference then starts it.
    expect((await manager.post('/reviews/new', { ...typed, reference: 'LCSPR 2026/21' })).statusCode).toBe(303);
  });

  it('re-shows the edit form with a field error when the new reference is taken, keeping what was typed', async () => {
    await startReview(manager, { ...newReview, reference: 'LCSPR 2026/22' });
    const url = await startReview(manager, { ...newReview, reference: 'LCSPR 2026/23' });
    const edit = await manager.get(`${url}/edit`);
    const version = readPage(edit.body).root.querySelector('input[name=version]')?.getAttribute('value');
    const typed = { ...newReview, reference: 'LCSPR 2026/22', title: 'Renamed title', version: version ?? '' };
    const res = await manager.post(`${url}/edit`, typed);
    expect(res.statusCode).toBe(409);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Change review details – Quality Markers');
    const message = 'A review with reference LCSPR 2026/22 already exists: choose another';
    expect(page.errorLinks).toEqual([{ text: message, href: '#reference' }]);
    expect(page.text('#reference-error')).toBe(`Error: ${message}`);
    expect(page.root.querySelector('#reference')?.getAttribute('value')).toBe('LCSPR 2026/22');
    expect(page.root.querySelector('#title')?.getAttribute('value')).toBe('Renamed title');
    expect(page.root.querySelector('input[name=version]')?.getAttribute('value')).toBe(version);
    expect(page.root.querySelector('.govuk-notification-banner')).toBeNull();
    // Nothing was saved; another reference then saves.
    expect(readPage((await manager.get(url)).body).text('h1')).not.toContain('Renamed title');
    expect((await manager.post(`${url}/edit`, { ...typed, reference: 'LCSPR 2026/24' })).statusCode).toBe(303);
  });

  it('keeps the API’s answer to a taken reference a 409 in JSON', async () => {
    const body = {
      reference: 'LCSPR 2026/25',
      title: 'By the API',
      subjectPseudonym: 'Child R',
      type: 'local-cspr',
      frameworkKey: 'scr-quality-markers',
    };
    const call = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/reviews',
        payload: body,
        headers: { authorization: `Bearer ${managerToken}` },
      });
    expect((await call()).statusCode).toBe(201);
    const again = await call();
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/json');
    expect(again.json<{ error: { status: number; message: string } }>().error).toMatchObject({
      status: 409,
      message: 'A review with the reference LCSPR 2026/25 already exists',
    });
  });

  it('refuses viewers', async () => {
    expect((await viewer.get('/reviews/new')).statusCode).toBe(403);
  });

  it('hides a review from another partnership and from people not on its team (404)', async () => {
    const url = await startReview(manager, { ...newReview, reference: 'LCSPR 2026/04' });
    expect((await outsider.get(url)).statusCode).toBe(404);
    expect((await viewer.get(url)).statusCode).toBe(404);
  });
});

describe('rounds and the marker record', () => {
  it('starts a round with every marker not started, saves answers and a judgement', async () => {
    const reviewUrl = await startReview(manager, { ...newReview, reference: 'LCSPR 2026/05' });
    const created = await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review' });
    expect(created.statusCode).toBe(303);
    const roundUrl = created.headers.location as string;
    const overview = readPage((await manager.get(roundUrl)).body);
    expect(overview.all('.govuk-task-list__item')).toHaveLength(18);
    expect(overview.all('.govuk-task-list__status')).toEqual(Array(18).fill('Not started'));

    const markerUrl = `${roundUrl}/markers/family-involvement`;
    const form = readPage((await manager.get(markerUrl)).body);
    const hidden = Object.fromEntries(
      form.root
        .querySelectorAll('form[data-module] input[type=hidden]')
        .filter((i) => i.getAttribute('name') !== '_csrf')
        .map((i) => [i.getAttribute('name')!, i.getAttribute('value') ?? '']),
    );
    const firstQ = form.root.querySelector('input[name^="answer-"]')!.getAttribute('name')!.slice('answer-'.length);
    const saved = await manager.post(markerUrl, {
      ...hidden,
      [`answer-${firstQ}`]: 'partly',
      [`note-${firstQ}`]: 'Mother was spoken to; father not yet.',
      judgement: 'partly-met',
      status: 'in-progress',
      rationale: 'Plans exist but are not yet agreed.',
      owner: '',
    });
    expect(saved.statusCode).toBe(303);
    const after = readPage((await manager.get(saved.headers.location as string)).body);
    expect(after.text('.govuk-notification-banner')).toContain('Your changes have been saved');
    expect(after.root.querySelector(`#note-${firstQ}`)?.text).toBe('Mother was spoken to; father not yet.');
    expect(after.root.querySelector('input[name=judgement][value=partly-met]')?.hasAttribute('checked')).toBe(true);

    const round = readPage((await manager.get(roundUrl)).body);
    expect(round.all('.govuk-task-list__status')[11]).toBe('In progress');
  });

  it('never overwrites silently: the second of two editors gets 409 with both versions and keeps their text', async () => {
    const reviewUrl = await startReview(manager, { ...newReview, reference: 'LCSPR 2026/06' });
    const roundUrl = (await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review' })).headers
      .location as string;
    const markerUrl = `${roundUrl}/markers/governance`;
    const page = readPage((await manager.get(markerUrl)).body);
    const hidden = Object.fromEntries(
      page.root
        .querySelectorAll('form[data-module] input[type=hidden]')
        .filter((i) => i.getAttribute('name') !== '_csrf')
        .map((i) => [i.getAttribute('name')!, i.getAttribute('value') ?? '']),
    );
    const q = page.root.querySelector('input[name^="answer-"]')!.getAttribute('name')!.slice('answer-'.length);
    const base = { ...hidden, judgement: 'not-yet-assessed', status: 'not-started', rationale: '', owner: '' };
    const first = await manager.post(markerUrl, { ...base, [`answer-${q}`]: 'yes', [`note-${q}`]: 'First editor' });
    expect(first.statusCode).toBe(303);
    const second = await manager.post(markerUrl, { ...base, [`answer-${q}`]: 'no', [`note-${q}`]: 'Second editor' });
    expect(second.statusCode).toBe(409);
    const conflict = readPage(second.body);
    expect(conflict.text('.govuk-notification-banner')).toContain('Someone else saved changes');
    expect(conflict.root.querySelector(`#note-${q}`)?.text).toBe('Second editor');
    expect(conflict.text(`#question-${q} .app-conflict`)).toContain('First editor');
    // Saving again (with the version the conflict page carries) keeps the second editor's words.
    const again = readPage(second.body);
    const retryHidden = Object.fromEntries(
      again.root
        .querySelectorAll('form[data-module] input[type=hidden]')
        .filter((i) => i.getAttribute('name') !== '_csrf')
        .map((i) => [i.getAttribute('name')!, i.getAttribute('value') ?? '']),
    );
    const retry = await manager.post(markerUrl, {
      ...base,
      ...retryHidden,
      [`answer-${q}`]: 'no',
      [`note-${q}`]: 'Second editor',
    });
    expect(retry.statusCode).toBe(303);
  });

  it('lets a viewer read nothing of a review they are not on; another partnership gets 404 on rounds', async () => {
    const reviewUrl = await startReview(manager, { ...newReview, reference: 'LCSPR 2026/07' });
    const roundUrl = (await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'planning' })).headers
      .location as string;
    expect((await outsider.get(roundUrl)).statusCode).toBe(404);
    expect((await outsider.get(`${roundUrl}/markers/referral`)).statusCode).toBe(404);
  });
});
