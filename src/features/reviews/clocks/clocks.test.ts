// Clocks per review type and their extensions and pauses (issue 18 §1), over HTTP on a real database:
// a SAR never shows a children's clock (page and API), the board's SAR target moves its completion clock,
// the extension and pause form keeps what was typed when it is wrong, and every change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import {
  insertOrganisation,
  insertPerson,
  signedInClient,
  type Client,
  type Person,
} from '../../../../test/helpers/client.js';
import { readPage } from '../../../../test/helpers/html.js';
import { addToTeam, reviewRow } from '../../../../test/helpers/reviews.js';
import { createToken } from '../../accounts/tokens.service.js';

// Monday 7 December 2026.
const NOW = new Date('2026-12-07T10:00:00Z');

let t: TestApp;
let admin: Client;
let manager: Client;
let observer: Client;
let outsider: Client;
let sarId: string;
let childId: string;
const tokens = { manager: '', observer: '', other: '' };

type ApiClock = { key: string; status: string; due: string | null; originalDue: string | null; changes: unknown[] };

function api(token: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  return t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
}

const clockKeys = async (id: string) =>
  (await api(tokens.manager, 'GET', `/api/v1/reviews/${id}`)).json<{ timescales: ApiClock[] }>().timescales;

const rowTitles = (html: string) =>
  readPage(html)
    .root.querySelectorAll('#timescales .govuk-summary-list__key')
    .map((k) => k.text.trim());

async function auditOf(action: string, id: string) {
  return t.testDb.db
    .selectFrom('audit_event')
    .select(['detail'])
    .where('action', '=', action)
    .where('object_id', '=', id)
    .execute();
}

beforeAll(async () => {
  t = await buildTestApp({ clock: () => NOW });
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  const a = await insertPerson(db, org.id, 'admin', { twoFactor: true });
  const m: Person = await insertPerson(db, org.id, 'member');
  const o: Person = await insertPerson(db, org.id, 'member');
  const s = await insertPerson(db, other.id, 'admin', { twoFactor: true });
  admin = await signedInClient(t.app, db, a, org.id);
  manager = await signedInClient(t.app, db, m, org.id);
  observer = await signedInClient(t.app, db, o, org.id);
  outsider = await signedInClient(t.app, db, s, other.id);
  const sar = reviewRow(org.id, {
    reference: 'SAR 1',
    type: 'sar',
    framework_key: 'sar-quality-markers',
    referral_date: '2026-05-01',
    decision_date: '2026-06-01',
    awareness_date: '2026-04-28',
  });
  const child = reviewRow(org.id, {
    reference: 'LCSPR 1',
    type: 'local-cspr',
    awareness_date: '2026-11-23',
    notification_date: '2026-11-25',
  });
  await db.insertInto('review').values([sar, child]).execute();
  sarId = sar.id;
  childId = child.id;
  for (const id of [sarId, childId]) {
    await addToTeam(db, org.id, id, [
      [m, 'business-manager'],
      [o, 'observer'],
    ] as const);
  }
  const noActor = { userId: null, organisationId: null, ip: null, userAgent: null };
  const token = async (person: Person, organisationId: string) =>
    (
      await createToken(
        db,
        { organisationId, userId: person.id, name: 't', scopes: ['read', 'write'], expiresAt: null },
        noActor,
      )
    ).token;
  tokens.manager = await token(m, org.id);
  tokens.observer = await token(o, org.id);
  tokens.other = await token(s, other.id);
});
afterAll(async () => t.close());

describe('a safeguarding adult review', () => {
  it('never shows a children’s clock, on its page, its dates page or in the API', async () => {
    for (const url of [`/reviews/${sarId}`, `/reviews/${sarId}/dates`]) {
      const res = await manager.get(url);
      expect(res.statusCode).toBe(200);
      expect(rowTitles(res.body)).toEqual(['Decision on the referral', 'Completion', 'Publication']);
      expect(readPage(res.body).text('main')).not.toMatch(/Notification|Rapid review/);
    }
    const dates = readPage((await manager.get(`/reviews/${sarId}/dates`)).body);
    expect(dates.root.querySelector('#notification-day')).toBeNull();
    expect(dates.root.querySelector('#rapidReview-day')).toBeNull();
    expect(dates.root.querySelector('#referral-day')).not.toBeNull();
    expect((await clockKeys(sarId)).map((c) => c.key)).toEqual(['sar-decision', 'sar-completion', 'publication']);
  });

  it('counts completion against the board’s target, which an admin changes on the settings page', async () => {
    // Decided 1 June 2026: six months by default, due 1 December 2026 and overdue on 7 December.
    const before = (await clockKeys(sarId)).find((c) => c.key === 'sar-completion')!;
    expect(before).toMatchObject({ due: '2026-12-01', status: 'overdue' });

    const wrong = await admin.post('/admin/settings', {
      name: 'Anytown Partnership',
      requireTwoFactor: 'no',
      sarTargetMonths: '9.5',
    });
    expect(wrong.statusCode).toBe(400);
    const page = readPage(wrong.body);
    expect(page.text('.govuk-error-summary')).toContain(
      'Target for completing a safeguarding adult review must be a whole number of months',
    );
    expect(page.root.querySelector('#sarTargetMonths')?.getAttribute('value')).toBe('9.5');

    const saved = await admin.post('/admin/settings', {
      name: 'Anytown Partnership',
      requireTwoFactor: 'no',
      sarTargetMonths: '9',
    });
    expect(saved.statusCode).toBe(303);
    const after = (await clockKeys(sarId)).find((c) => c.key === 'sar-completion')!;
    expect(after).toMatchObject({ due: '2027-03-01', status: 'on-track' });
    expect(
      readPage((await admin.get('/admin/settings')).body)
        .root.querySelector('#sarTargetMonths')
        ?.getAttribute('value'),
    ).toBe('9');
  });
});

describe('extensions and pauses on the dates page', () => {
  it('shows every error, keeps what was typed, and saves nothing', async () => {
    const res = await manager.post(`/reviews/${childId}/clocks`, {
      clock: 'rapid-review',
      kind: 'extension',
      'newDue-day': '31',
      'newDue-month': '2',
      'newDue-year': '2027',
      agreedBy: 'the Panel',
      reason: '',
    });
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toMatch(/^Error: /);
    expect(page.all('.govuk-error-summary__list a')).toEqual([
      'New due date must be a real date',
      'Enter the date agreed',
      'Enter the reason',
    ]);
    expect(page.root.querySelector('#agreedBy')?.getAttribute('value')).toBe('the Panel');
    expect(page.root.querySelector('#newDue-day')?.getAttribute('value')).toBe('31');
    expect(page.root.querySelector('#kind')?.hasAttribute('checked')).toBe(true);
    expect(await auditOf('review.clock_extension_recorded', childId)).toHaveLength(0);
  });

  it('refuses a pause that ends before it starts', async () => {
    const res = await manager.post(`/reviews/${childId}/clocks`, {
      clock: 'rapid-review',
      kind: 'pause',
      'pausedFrom-day': '4',
      'pausedFrom-month': '12',
      'pausedFrom-year': '2026',
      'pausedTo-day': '1',
      'pausedTo-month': '12',
      'pausedTo-year': '2026',
      reason: 'Criminal proceedings',
    });
    expect(res.statusCode).toBe(400);
    expect(readPage(res.body).all('.govuk-error-summary__list a')).toEqual([
      'Date the pause ended must be the same as or after the date it started',
    ]);
  });

  it('records an extension, shows it beside the clock, audits it, and removes it', async () => {
    // Notified Wed 25 Nov 2026: the rapid review is due by Wed 16 Dec 2026; extended to 8 January 2027.
    const res = await manager.post(`/reviews/${childId}/clocks`, {
      clock: 'rapid-review',
      kind: 'extension',
      'newDue-day': '8',
      'newDue-month': '1',
      'newDue-year': '2027',
      agreedBy: 'the Panel',
      'agreedOn-day': '4',
      'agreedOn-month': '12',
      'agreedOn-year': '2026',
      reason: 'Two agencies asked for more time',
    });
    expect(res.statusCode).toBe(303);
    const page = readPage((await manager.get(res.headers.location as string)).body);
    expect(page.text('.govuk-notification-banner')).toContain('The extension or pause has been recorded');
    expect(page.text('#timescales')).toContain('Extended to 8 January 2027, agreed with the Panel on 4 December 2026');
    expect(page.text('#timescales')).toContain('(originally 16 December 2026)');
    const audit = await auditOf('review.clock_extension_recorded', childId);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toContain('rapid-review');

    // The review page shows it too; an observer sees it without a button to remove it.
    expect(readPage((await observer.get(`/reviews/${childId}`)).body).text('#timescales')).toContain(
      'Extended to 8 January 2027',
    );
    const seen = readPage((await observer.get(`/reviews/${childId}/dates`)).body);
    expect(seen.root.querySelector('form[action*="/clocks/"]')).toBeNull();
    const [change] = await t.testDb.db
      .selectFrom('review_clock_change')
      .select('id')
      .where('review_id', '=', childId)
      .execute();
    expect((await observer.post(`/reviews/${childId}/clocks/${change!.id}/remove`, {})).statusCode).toBe(403);
    expect((await outsider.post(`/reviews/${childId}/clocks/${change!.id}/remove`, {})).statusCode).toBe(404);

    const removed = await manager.post(`/reviews/${childId}/clocks/${change!.id}/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect(readPage((await manager.get(`/reviews/${childId}/dates`)).body).text('#timescales')).not.toContain(
      'Extended to',
    );
    expect(await auditOf('review.clock_extension_removed', childId)).toHaveLength(1);
  });
});

describe('extensions and pauses through the API', () => {
  const url = () => `/api/v1/reviews/${childId}/clock-changes`;
  const pause = { clock: 'rapid-review', kind: 'pause', pausedFrom: '2026-12-01', reason: 'Criminal proceedings' };

  it('records a pause (the clock shows as paused) and removes it', async () => {
    const res = await api(tokens.manager, 'POST', url(), pause);
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ id: string; pausedTo: string | null }>();
    expect(created.pausedTo).toBeNull();
    const clock = (await clockKeys(childId)).find((c) => c.key === 'rapid-review')!;
    expect(clock.status).toBe('paused');
    expect(clock.changes).toHaveLength(1);
    expect(await auditOf('review.clock_pause_recorded', childId)).toHaveLength(1);

    expect((await api(tokens.observer, 'DELETE', `${url()}/${created.id}`)).statusCode).toBe(403);
    expect(
      (await api(tokens.other, 'DELETE', `/api/v1/reviews/${childId}/clock-changes/${created.id}`)).statusCode,
    ).toBe(404);
    const removed = await api(tokens.manager, 'DELETE', `${url()}/${created.id}`);
    expect(removed.statusCode).toBe(200);
    expect((await api(tokens.manager, 'DELETE', `${url()}/${created.id}`)).statusCode).toBe(404);
    expect((await clockKeys(childId)).find((c) => c.key === 'rapid-review')!.status).not.toBe('paused');
  });

  it('refuses a clock the review type does not have, and another partnership’s review', async () => {
    const sarClock = await api(tokens.manager, 'POST', `/api/v1/reviews/${sarId}/clock-changes`, pause);
    expect(sarClock.statusCode).toBe(400);
    expect(sarClock.json<{ error: { message: string } }>().error.message).toContain('Select the clock it applies to');
    expect((await api(tokens.other, 'POST', url(), pause)).statusCode).toBe(404);
    expect((await api(tokens.observer, 'POST', url(), pause)).statusCode).toBe(403);
    expect((await api(tokens.manager, 'POST', url(), { ...pause, pausedFrom: '2026-02-30' })).statusCode).toBe(400);
  });
});
