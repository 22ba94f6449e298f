import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import type { Client } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import { setLogo } from '../../../test/helpers/images.js';
import { newId } from '../../lib/ids.js';
import { PARTNERSHIP, report, reportsTests } from './reports.fixture.js';

// Choosing a round, printing and the logo, and who may read a report.
const fx = reportsTests();
let t: TestApp;
let orgId: string;
let lead: Client;
let observer: Client;
let outsider: Client;
let admin: Client;
let foreign: Client;
let empty: { id: string };
let filled: { id: string };
let round1: { id: string };
let round2: { id: string };
beforeAll(() => {
  ({ t, orgId, lead, observer, outsider, admin, foreign, empty, filled, round1, round2 } = fx.world);
});

describe('choosing a round, printing, the logo', () => {
  it('reports on the round ?round= names, and on a round from its own address', async () => {
    const named = await report(lead, `/reviews/${filled.id}/report?round=${round1.id}`);
    expect(named.text('.govuk-caption-l')).toBe('LCSPR 2026/07 · Round 1: Planning');
    expect(named.title).toBe('Board report, round 1: LCSPR 2026/07 – Quality Markers');
    // The options form keeps the round chosen.
    expect(named.root.querySelector(`select#round option[value="${round1.id}"]`)!.hasAttribute('selected')).toBe(true);
    expect(named.root.querySelector('.app-report__downloads a[href$=".pdf?round=' + round1.id + '"]')).not.toBeNull();
    expect(named.all('.app-report-judgement').every((j) => j === 'Not yet assessed')).toBe(true);
    const own = await report(lead, `/reviews/${filled.id}/rounds/${round2.id}/report`);
    expect(own.title).toBe('Round 2 board report: LCSPR 2026/07 – Quality Markers');
    expect(own.all('.govuk-breadcrumbs a')).toEqual(['Reviews', 'LCSPR 2026/07', 'Round 2']);
    expect(own.all('.app-report-judgement')).toContain('Partly met');
    expect((await lead.get(`/reviews/${filled.id}/report?round=${newId()}`)).statusCode).toBe(404);
    expect((await lead.get(`/reviews/${filled.id}/rounds/${newId()}/report`)).statusCode).toBe(404);
    expect((await lead.get(`/reviews/${empty.id}/rounds/${round1.id}/report`)).statusCode).toBe(404);
  });

  it('has a print view without the site navigation', async () => {
    const page = await report(lead, `/reviews/${filled.id}/rounds/${round2.id}/report?print=1`);
    expect(page.title).toBe('Round 2 board report for printing: LCSPR 2026/07 – Quality Markers');
    const latest = await report(lead, `/reviews/${filled.id}/report?print=1`);
    expect(latest.title).toBe('Board report for printing, round 2 (latest): LCSPR 2026/07 – Quality Markers');
    expect(page.root.querySelector('body')!.classList.contains('app-print-view')).toBe(true);
    expect(page.root.querySelector('.govuk-breadcrumbs')).toBeNull();
    expect(page.root.querySelector('.app-report__downloads')).toBeNull();
    expect(page.text('main')).toContain('Use your browser’s print command');
  });

  it('shows the partnership’s logo, named, once there is one', async () => {
    await setLogo(t.testDb.db, orgId);
    const page = await report(lead, `/reviews/${empty.id}/report`);
    const img = page.root.querySelector('img.app-report__logo')!;
    expect(img.getAttribute('src')).toBe('/organisation/logo');
    expect(img.getAttribute('alt')).toBe(`${PARTNERSHIP} logo`);
    await t.testDb.db.deleteFrom('organisation_logo').where('organisation_id', '=', orgId).execute();
  });

  it('is linked from the review and round pages', async () => {
    const review = readPage((await lead.get(`/reviews/${filled.id}`)).body);
    expect(review.root.querySelector(`a[href="/reviews/${filled.id}/report"]`)).not.toBeNull();
    const round = readPage((await lead.get(`/reviews/${filled.id}/rounds/${round2.id}`)).body);
    expect(round.root.querySelector(`a[href="/reviews/${filled.id}/rounds/${round2.id}/report"]`)).not.toBeNull();
  });

  it('says the day the response was agreed in UK time (half past midnight BST is the next day)', async () => {
    const db = t.testDb.db;
    const agreedAt = (at: string) =>
      db.updateTable('written_response').set({ agreed_at: at }).where('review_id', '=', filled.id).execute();
    await agreedAt('2024-06-30T23:30:00.000Z');
    const page = await report(lead, `/reviews/${filled.id}/report`);
    expect(page.text('main').split('The partnership’s written response')[1]).toContain('Agreed on 1 July 2024.');
    await agreedAt('2024-03-03T10:00:00.000Z');
  });
});

describe('who may read a report', () => {
  it('lets the team (observers too) and partnership admins read it, and no one else', async () => {
    for (const url of [
      `/reviews/${filled.id}/report`,
      `/reviews/${filled.id}/rounds/${round2.id}/report`,
      `/reviews/${filled.id}/report.pdf`,
      `/reviews/${filled.id}/rounds/${round2.id}/report.pdf`,
    ]) {
      expect((await observer.get(url)).statusCode).toBe(200);
      expect((await admin.get(url)).statusCode).toBe(200);
      expect((await outsider.get(url)).statusCode, 'a viewer not on the team').toBe(404);
      const res = await foreign.get(url);
      expect(res.statusCode, 'another partnership').toBe(404);
      expect(res.body).not.toContain('LCSPR 2026/07');
    }
    expect((await lead.app.inject({ method: 'GET', url: `/reviews/${filled.id}/report` })).statusCode).toBe(303);
  });

  it('records every reading in the audit log, without the report’s text', async () => {
    const before = await t.testDb.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'report.viewed')
      .executeTakeFirstOrThrow();
    await report(observer, `/reviews/${filled.id}/rounds/${round1.id}/report`);
    const events = await t.testDb.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'report.viewed')
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(events).toHaveLength(Number(before.n) + 1);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ object_type: 'review', object_id: filled.id, organisation_id: orgId });
    expect(JSON.parse(last.detail!)).toEqual({ round: round1.id });
  });
});
