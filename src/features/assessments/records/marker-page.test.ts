import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../../test/helpers/client.js';
import { reviewThroughForm, roundThroughForm } from '../../../../test/helpers/reviews.js';
import { formValues, readPage } from '../../../../test/helpers/html.js';
import { paths } from '../../../lib/paths.js';
import { loadFrameworkFiles } from '../../frameworks/framework.load.js';

// Working through a round on the marker pages: the quality statement in view, a contents list on a long
// marker, the autosave status beside the buttons, and "Save and continue" to the next marker.

const scr = loadFrameworkFiles(paths.frameworks).find((f) => f.key === 'scr-quality-markers')!;
const markers = scr.stages.flatMap((s) => s.markers);
const markerOf = (key: string) => markers.find((m) => m.key === key)!;

let t: TestApp;
let lead: Client;
let roundUrl: string;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  lead = await signedInClient(t.app, db, await insertPerson(db, org.id, 'admin'), org.id);
  const reviewUrl = await reviewThroughForm(lead, { reference: 'LCSPR 2026/31', subjectPseudonym: 'Child P' });
  roundUrl = await roundThroughForm(lead, reviewUrl);
});
afterAll(async () => t.close());

const recordOf = (markerKey: string) =>
  t.testDb.db
    .selectFrom('marker_record')
    .select(['judgement', 'rationale', 'status', 'version'])
    .where('marker_key', '=', markerKey)
    .executeTakeFirstOrThrow();

describe('the marker page', () => {
  it('shows the quality statement at the top, not only in a collapsed section', async () => {
    const page = readPage((await lead.get(`${roundUrl}/markers/referral`)).body);
    const statement = page.root.querySelector('.app-quality-statement');
    expect(statement?.closest('details')).toBeNull();
    expect(statement?.textContent).toContain('Quality statement');
    expect(statement?.textContent).toContain(markerOf('referral').statement.trim().slice(0, 60));
  });

  it('lists the questions as contents on a marker with more than 5, each linking to its question', async () => {
    const page = readPage((await lead.get(`${roundUrl}/markers/referral`)).body);
    const links = page.root.querySelectorAll('nav.app-contents a');
    const questions = markerOf('referral').questions;
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      ...questions.map((q) => `#question-${q.key}`),
      '#decision',
    ]);
    expect(links[0]?.textContent).toBe(questions[0]!.text);
    for (const href of links.map((a) => a.getAttribute('href')!)) {
      expect(page.root.querySelector(href), href).not.toBeNull();
    }
    // Governance has 5 questions: no contents.
    expect(markerOf('governance').questions.length).toBe(5);
    const short = readPage((await lead.get(`${roundUrl}/markers/governance`)).body);
    expect(short.root.querySelector('nav.app-contents')).toBeNull();
  });

  it('says what autosave did beside the buttons, in a live region', async () => {
    const page = readPage((await lead.get(`${roundUrl}/markers/referral`)).body);
    const group = page.root.querySelector('form[data-module] .govuk-button-group');
    expect(group?.querySelectorAll('button').map((b) => b.textContent.trim())).toEqual([
      'Save',
      'Save and continue to the next marker',
    ]);
    const status = group?.nextElementSibling;
    expect(status?.hasAttribute('data-autosave-status')).toBe(true);
    expect(status?.getAttribute('role')).toBe('status');
    expect(status?.getAttribute('aria-live')).toBe('polite');
  });
});

describe('save and continue', () => {
  it('saves, then opens the next marker in the round, which says what was saved', async () => {
    const url = `${roundUrl}/markers/referral`;
    const form = formValues(readPage((await lead.get(url)).body), 'form[data-module]', {
      judgement: 'met',
      rationale: 'Referred the same day',
      status: 'completed',
      continue: 'next',
    });
    const res = await lead.post(url, form);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${roundUrl}/markers/decision-making?from=referral`);
    expect(await recordOf('referral')).toMatchObject({ judgement: 'met', status: 'completed', version: 2 });
    const next = readPage((await lead.get(res.headers.location as string)).body);
    expect(next.root.querySelector('h1')?.textContent).toBe('2. Decision making');
    expect(next.root.querySelector('.govuk-notification-banner--success')?.textContent).toContain(
      'Your changes to 1. Referral have been saved.',
    );
  });

  it('keeps the person on the marker, with the errors and what they typed, when the form has a problem', async () => {
    const url = `${roundUrl}/markers/decision-making`;
    const form = formValues(readPage((await lead.get(url)).body), 'form[data-module]', {
      judgement: 'partly-met',
      rationale: '',
      continue: 'next',
    });
    const res = await lead.post(url, form);
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.errorLinks).toEqual([{ text: 'Enter why you reached this judgement', href: '#rationale' }]);
    expect(page.root.querySelector('input[name="judgement"][value="partly-met"]')?.hasAttribute('checked')).toBe(true);
  });

  it('goes back to the round after the last marker', async () => {
    const last = markers[markers.length - 1]!;
    const url = `${roundUrl}/markers/${last.key}`;
    const page = readPage((await lead.get(url)).body);
    expect(page.root.querySelector('button[name="continue"]')?.textContent.trim()).toBe(
      'Save and go back to the round',
    );
    const res = await lead.post(
      url,
      formValues(page, 'form[data-module]', { status: 'in-progress', continue: 'next' }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(roundUrl);
    expect((await recordOf(last.key)).status).toBe('in-progress');
  });
});
