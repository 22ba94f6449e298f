import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  insertOrganisation,
  insertPerson,
  signedInClient,
  type Client,
  type Person,
} from '../../../test/helpers/client.js';
import { readPage, type Page } from '../../../test/helpers/html.js';
import { reviewThroughForm } from '../../../test/helpers/reviews.js';

// Today is Wednesday 8 April 2026, 10am in England: just after Easter (Good Friday 3 April, Easter Monday 6 April).
const TODAY = new Date('2026-04-08T09:00:00Z');

let t: TestApp;
let manager: Client;
let observer: Client;
let observerPerson: Person;
let outsider: Client;
let counter = 0;

beforeAll(async () => {
  t = await buildTestApp({ clock: () => TODAY });
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  manager = await signedInClient(t.app, db, await insertPerson(db, org.id, 'member'), org.id);
  observerPerson = await insertPerson(db, org.id, 'member');
  observer = await signedInClient(t.app, db, observerPerson, org.id);
  outsider = await signedInClient(t.app, db, await insertPerson(db, other.id, 'admin', { twoFactor: true }), other.id);
});
afterAll(async () => t.close());

async function startReview() {
  counter += 1;
  return reviewThroughForm(manager, {
    reference: `LCSPR 2026/${counter}`,
    title: 'Practice review after an injury to an infant',
    subjectPseudonym: 'Child A',
  });
}

/** The form's fields for a set of dates given as ISO dates. */
function dateFields(dates: Record<string, string>) {
  const fields: Record<string, string> = {};
  for (const [name, iso] of Object.entries(dates)) {
    const [year, month, day] = iso.split('-');
    Object.assign(fields, { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });
  }
  return fields;
}

function version(page: Page) {
  return page.root.querySelector('input[name=version]')!.getAttribute('value')!;
}

/** The timescales summary list as { title: tag text }. */
function tags(page: Page) {
  return Object.fromEntries(
    page.root
      .querySelectorAll('#timescales .govuk-summary-list__row')
      .map((row) => [
        row.querySelector('.govuk-summary-list__key')!.text.trim(),
        row.querySelector('.govuk-tag')!.text.trim(),
      ]),
  );
}

describe('key dates and timescales', () => {
  it('starts with every timescale not applicable', async () => {
    const url = await startReview();
    const page = readPage((await manager.get(`${url}/dates`)).body);
    expect(page.h1).toBe('Key dates and timescales');
    expect(tags(page)).toEqual({
      Notification: 'Not applicable',
      'Rapid review': 'Not applicable',
      'Panel response': 'Not applicable',
      'Decision and reviewer told to the Panel': 'Not applicable',
      'Final report to the Panel and the Secretary of State': 'Not applicable',
      Publication: 'Not applicable',
    });
    // The children's key dates; a SAR's referral date is not among them.
    expect(page.root.querySelectorAll('form[action$="/dates"] .govuk-date-input')).toHaveLength(12);
    expect(page.root.querySelector('#referral-day')).toBeNull();
  });

  it('saves the dates, keeps a revision and an audit event, and shows each timescale', async () => {
    const url = await startReview();
    const page = readPage((await manager.get(`${url}/dates`)).body);
    const res = await manager.post(`${url}/dates`, {
      version: version(page),
      ...dateFields({
        incident: '2026-03-28',
        // Aware Mon 30 Mar: Tue 31 (1), Wed 1 Apr (2), Thu 2 (3), Good Friday and Easter Monday skipped,
        // Tue 7 (4), Wed 8 Apr (5): notification due today, and it was done on 1 April: met.
        awareness: '2026-03-30',
        notification: '2026-04-01',
        // Decided Tue 7 Apr 2026: publication expected by Wed 7 Oct 2026, 182 days away: on track.
        decision: '2026-04-07',
      }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${url}/dates?saved=1`);

    const after = readPage((await manager.get(res.headers.location as string)).body);
    expect(after.text('.govuk-notification-banner')).toContain('The key dates have been saved');
    // Notified Wed 1 Apr: Thu 2 (1), Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5), 13–17 (10), 20–24 (15):
    // the rapid review is due by Fri 24 Apr, 12 working days from today: on track.
    expect(tags(after)).toEqual({
      Notification: 'Met',
      'Rapid review': 'On track',
      'Panel response': 'Not applicable',
      'Decision and reviewer told to the Panel': 'No set deadline',
      'Final report to the Panel and the Secretary of State': 'Not applicable',
      Publication: 'On track',
    });
    expect(after.text('#timescales')).toContain('Due by Friday 24 April 2026: 12 working days left.');
    expect(after.text('#timescales')).toContain('Due by Wednesday 7 October 2026: 182 days left.');
    expect(after.root.querySelector('#awareness-day')?.getAttribute('value')).toBe('30');
    expect(after.root.querySelector('#awareness-month')?.getAttribute('value')).toBe('3');

    const id = url.split('/').pop()!;
    const db = t.testDb.db;
    const revisions = await db.selectFrom('revision').select('version').where('record_id', '=', id).execute();
    expect(revisions.map((r) => Number(r.version))).toEqual([1]);
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('object_id', '=', id)
      .where('action', '=', 'review.updated')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain('notification_date');

    const overview = readPage((await manager.get(url)).body);
    expect(overview.root.querySelector(`a[href="${url}/dates"]`)?.text).toContain('Change key dates');
  });

  it('shows GOV.UK errors for each wrong date and keeps what was typed', async () => {
    const url = await startReview();
    const page = readPage((await manager.get(`${url}/dates`)).body);
    const res = await manager.post(`${url}/dates`, {
      version: version(page),
      'incident-day': '31',
      'incident-month': '2',
      'incident-year': '2026',
      'awareness-day': '30',
      'awareness-month': 'March',
      'awareness-year': '2026',
      'notification-day': '27',
      'notification-month': '3',
      'notification-year': '2026',
      'rapidReview-day': '1',
      'rapidReview-year': '2026',
      'decision-day': '1',
      'decision-month': '4',
      'decision-year': '26',
      'publication-day': '9',
      'publication-month': '4',
      'publication-year': '2026',
    });
    expect(res.statusCode).toBe(400);
    const errors = readPage(res.body);
    expect(errors.title).toBe('Error: Key dates and timescales – LCSPR 2026/3 – Quality Markers');
    expect(errors.errorLinks).toEqual([
      { text: 'Date of the incident must be a real date', href: '#incident-day' },
      {
        text: 'Date of notification must be the same as or after the date the partnership became aware',
        href: '#notification-day',
      },
      { text: 'Date of the rapid review must include a month', href: '#rapidReview-month' },
      {
        text: 'Date of the decision to hold a review must include a year with 4 numbers, like 2026',
        href: '#decision-year',
      },
      { text: 'Date of publication must be today or in the past', href: '#publication-day' },
    ]);
    expect(errors.root.querySelector('#awareness-month')?.getAttribute('value')).toBe('March');
    expect(errors.root.querySelector('#rapidReview-month')?.classList.contains('govuk-input--error')).toBe(true);
    expect(errors.root.querySelector('#rapidReview-day')?.classList.contains('govuk-input--error')).toBe(false);
    expect(errors.text('#decision-error')).toContain('must include a year with 4 numbers');
  });

  it('never overwrites silently: the second editor gets 409 with both versions and their input kept', async () => {
    const url = await startReview();
    const v = version(readPage((await manager.get(`${url}/dates`)).body));
    const first = await manager.post(`${url}/dates`, { version: v, ...dateFields({ incident: '2026-03-02' }) });
    expect(first.statusCode).toBe(303);
    const second = await manager.post(`${url}/dates`, { version: v, ...dateFields({ incident: '2026-03-05' }) });
    expect(second.statusCode).toBe(409);
    const conflict = readPage(second.body);
    expect(conflict.text('.govuk-notification-banner')).toContain('Someone else changed the key dates');
    expect(conflict.text('.app-conflict')).toContain('2 March 2026');
    expect(conflict.text('.app-conflict')).toContain('05/03/2026');
    expect(conflict.root.querySelector('#incident-day')?.getAttribute('value')).toBe('05');
    const retry = await manager.post(`${url}/dates`, {
      version: version(conflict),
      ...dateFields({ incident: '2026-03-05' }),
    });
    expect(retry.statusCode).toBe(303);
    const saved = readPage((await manager.get(`${url}/dates`)).body);
    expect(saved.root.querySelector('#incident-day')?.getAttribute('value')).toBe('5');
  });

  it('lets an observer read the dates but not change them; another partnership gets 404', async () => {
    const url = await startReview();
    const added = await manager.post(`${url}/team`, { person: observerPerson.id, role: 'observer' });
    expect(added.statusCode).toBe(303);
    const page = await observer.get(`${url}/dates`);
    expect(page.statusCode).toBe(200);
    expect(readPage(page.body).root.querySelector('form[action$="/dates"]')).toBeNull();
    expect((await observer.post(`${url}/dates`, { version: '1' })).statusCode).toBe(403);
    expect((await outsider.get(`${url}/dates`)).statusCode).toBe(404);
    expect((await outsider.post(`${url}/dates`, { version: '1' })).statusCode).toBe(404);
  });
});
