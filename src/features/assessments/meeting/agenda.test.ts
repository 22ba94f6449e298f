import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../../test/helpers/client.js';
import { formValues, readPage } from '../../../../test/helpers/html.js';
import { reviewThroughForm, roundThroughForm } from '../../../../test/helpers/reviews.js';

let t: TestApp;
let manager: Client;
let roundUrl: string;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  manager = await signedInClient(t.app, db, await insertPerson(db, org.id, 'member'), org.id);
  const reviewUrl = await reviewThroughForm(manager, { reference: 'LCSPR 14', subjectPseudonym: 'Child P' });
  roundUrl = await roundThroughForm(manager, reviewUrl, {
    purpose: 'in-review',
    scope: 'choose',
    step: 'markers',
    markers: ['referral', 'decision-making', 'analysis', 'report'],
  });
  const url = `${roundUrl}/markers/decision-making`;
  const form = readPage((await manager.get(url)).body);
  const done = { judgement: 'met', status: 'completed', rationale: 'Agreed at the panel' };
  expect((await manager.post(url, formValues(form, 'form[data-module]', done))).statusCode).toBe(303);
});
afterAll(async () => t.close());

describe('a meeting’s agenda', () => {
  it('offers the round’s markers, those not completed ticked, and asks for at least one', async () => {
    const page = readPage((await manager.get(`${roundUrl}/meeting`)).body);
    expect(page.h1).toBe('Choose the markers for the meeting');
    const boxes = page.root.querySelectorAll('input[name="agenda"]');
    expect(boxes.map((b) => b.getAttribute('value'))).toEqual(['referral', 'decision-making', 'analysis', 'report']);
    expect(boxes.filter((b) => b.hasAttribute('checked')).map((b) => b.getAttribute('value'))).toEqual([
      'referral',
      'analysis',
      'report',
    ]);
    const none = await manager.get(`${roundUrl}/meeting?chosen=1`);
    expect(none.statusCode).toBe(400);
    expect(readPage(none.body).errorLinks).toEqual([
      { text: 'Select at least one marker for the meeting', href: '#agenda' },
    ]);
  });

  it('walks the markers in the order chosen, each starting with its quality statement', async () => {
    const chosen = readPage(
      (await manager.get(`${roundUrl}/meeting?chosen=1&agenda=referral&agenda=analysis&agenda=report`)).body,
    );
    expect(chosen.h1).toBe('The meeting’s agenda');
    expect(chosen.all('#agenda-list li .govuk-\\!-font-weight-bold')).toEqual([
      '1. Referral',
      '13. Analysis',
      '14. Report',
    ]);
    // Referral moved down, then report moved up: analysis, report, referral.
    const down = chosen.root.querySelectorAll('#agenda-list a').find((a) => a.text.startsWith('Move down: 1.'));
    const once = readPage((await manager.get(down!.getAttribute('href')!)).body);
    const up = once.root.querySelectorAll('#agenda-list a').find((a) => a.text.startsWith('Move up: 14'));
    const agendaPage = readPage((await manager.get(up!.getAttribute('href')!)).body);
    expect(agendaPage.all('#agenda-list li .govuk-\\!-font-weight-bold')).toEqual([
      '13. Analysis',
      '14. Report',
      '1. Referral',
    ]);
    const agenda = 'agenda=analysis,report,referral';
    const start = agendaPage.root.querySelector('a.govuk-button--start')?.getAttribute('href');
    expect(start).toBe(`${roundUrl}/markers/analysis/meeting?q=1&${agenda}`);

    const first = readPage((await manager.get(start!)).body);
    expect(first.text('#quality-statement')).toMatch(/^Quality statement for 13\. Analysis: \S/);
    expect(first.text('.app-meeting__context')).toContain('Agenda: marker 1 of 3');
    const questions = Number(/of (\d+)$/.exec(first.text('#meeting-step'))![1]);
    const second = readPage((await manager.get(`${roundUrl}/markers/analysis/meeting?q=2&${agenda}`)).body);
    expect(second.root.querySelector('#quality-statement')).toBeNull();
    // Saving an answer keeps the agenda.
    const answered = await manager.post(start!, formValues(first, 'form[data-meeting-form]', { answer: 'yes' }));
    expect(answered.headers.location).toBe(`${roundUrl}/markers/analysis/meeting?q=2&${agenda}`);

    const decided = (key: string) =>
      manager
        .get(`${roundUrl}/markers/${key}/meeting?q=${questions + 1}&saved=1&${agenda}`)
        .then((r) => readPage(r.body));
    const afterFirst = await decided('analysis');
    const next = afterFirst.root.querySelectorAll('a').find((a) => a.text.startsWith('Next on the agenda'));
    expect(next?.text).toBe('Next on the agenda: 14. Report');
    expect(next?.getAttribute('href')).toBe(`${roundUrl}/markers/report/meeting?q=1&${agenda}`);
    const afterLast = readPage((await manager.get(`${roundUrl}/markers/referral/meeting?q=10&saved=1&${agenda}`)).body);
    expect(afterLast.text('main')).toContain('That was the last marker on the agenda.');
  });
});
