import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { readPage, type Page } from '../../../test/helpers/html.js';
import { insertReportData } from '../../../test/helpers/report-data.js';
import { tinyPng } from '../../../test/helpers/images.js';
import { addToTeam } from '../../../test/helpers/reviews.js';
import { newId } from '../../lib/ids.js';
import { paths } from '../../lib/paths.js';
import { createRound } from '../assessments/records/assessments.service.js';
import { saveAnswer, saveMarkerRecord } from '../assessments/records/marker-records.service.js';
import { addEvidence } from '../evidence/evidence.service.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { loadFrameworkFiles } from '../frameworks/framework.load.js';
import { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { createReview, updateReview } from '../reviews/reviews.service.js';
import type { PartnershipActor } from '../../plugins/auth.js';

const PARTNERSHIP = 'Anytown Safeguarding Children Partnership';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

let t: TestApp;
let framework: FrameworkFile;
let actor: PartnershipActor;
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

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const tableRows = (page: Page, id: string) =>
  page.root.querySelectorAll(`#${id} tbody tr`).map((tr) => tr.querySelectorAll('th, td').map((c) => squash(c.text)));

async function newReview(reference: string) {
  return createReview(
    t.testDb.db,
    actor,
    {
      reference,
      title: `Review ${reference}`,
      subjectPseudonym: 'Child A',
      type: 'local-cspr',
      method: 'systems',
      methodOther: null,
    },
    framework,
  );
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.testDb.db;
  const catalogue = new FrameworkCatalogue(loadFrameworkFiles(paths.frameworks));
  framework = catalogue.latest('scr-quality-markers')!;
  const org = await insertOrganisation(db, PARTNERSHIP);
  orgId = org.id;
  const other = await insertOrganisation(db, 'Otherton Safeguarding Adults Board');
  const leadPerson = await insertPerson(db, org.id, 'member');
  const viewerPerson = await insertPerson(db, org.id, 'viewer');
  lead = await signedInClient(t.app, db, leadPerson, org.id);
  observer = await signedInClient(t.app, db, viewerPerson, org.id);
  outsider = await signedInClient(t.app, db, await insertPerson(db, org.id, 'viewer'), org.id);
  admin = await signedInClient(t.app, db, await insertPerson(db, org.id, 'admin', { twoFactor: true }), org.id);
  foreign = await signedInClient(t.app, db, await insertPerson(db, other.id, 'admin', { twoFactor: true }), other.id);
  actor = { userId: leadPerson.id, organisationId: org.id, partnershipRole: 'member', ip: null, userAgent: null };

  empty = await newReview('EMPTY 1');
  filled = await newReview('LCSPR 2026/07');
  await addToTeam(db, org.id, filled.id, [[viewerPerson, 'observer']]);
  await addToTeam(db, org.id, empty.id, [[viewerPerson, 'observer']]);
  await updateReview(db, actor, filled.id, 1, { awareness_date: '2024-02-06', notification_date: '2024-02-08' });

  round1 = await createRound(db, actor, filled.id, { purpose: 'planning' }, framework);
  round2 = await createRound(db, actor, filled.id, { purpose: 'in-review' }, framework);
  const [stage1, stage2] = framework.stages;
  const save = async (markerKey: string, judgement: string, status: 'completed' | 'in-progress', rationale: string) => {
    const saved = await saveMarkerRecord(db, actor, { reviewId: filled.id, roundId: round2.id, markerKey }, 1, {
      judgement,
      status,
      rationale,
    });
    if (!saved.ok) throw new Error('not saved');
  };
  await save(stage1!.markers[0]!.key, 'met', 'completed', 'Referred within a day, reasons written down.');
  await save(stage1!.markers[1]!.key, 'met', 'completed', 'The decision weighed every factor.');
  await save(stage1!.markers[2]!.key, 'not-met', 'in-progress', 'Board members were not told.');
  await save(stage2!.markers[0]!.key, 'partly-met', 'completed', 'Some gaps remain.');
  const first = stage1!.markers[0]!;
  const ids = { reviewId: filled.id, roundId: round2.id, markerKey: first.key };
  const answer = (questionKey: string, value: 'yes' | 'not-yet-known') =>
    saveAnswer(db, actor, { ...ids, questionKey }, 1, { answer: value });
  for (const q of first.questions.slice(0, -2)) await answer(q.key, 'yes');
  await answer(first.questions.at(-2)!.key, 'not-yet-known');
  await addEvidence(db, actor, ids, {
    kind: 'link',
    title: 'Referral form',
    url: 'https://records.example.org/referral/7',
  });
  await addEvidence(db, actor, ids, { kind: 'file', title: 'Chronology', fileName: 'chronology.pdf', data: PDF });
  await addEvidence(db, actor, ids, { kind: 'note', title: 'Call with the health visitor', note: 'Private note text' });
  await insertReportData(db, {
    organisationId: org.id,
    reviewId: filled.id,
    userId: leadPerson.id,
    markerKeys: [first.key],
  });
});
afterAll(async () => t.close());

const report = async (client: Client, url: string) => {
  const res = await client.get(url);
  expect(res.statusCode, url).toBe(200);
  return readPage(res.body);
};

describe('board report: empty', () => {
  it('says plainly what there is nothing of yet', async () => {
    const page = await report(lead, `/reviews/${empty.id}/report`);
    expect(page.title).toBe('Board report – EMPTY 1 – Quality Markers');
    expect(page.h1).toBe('Board report: Review EMPTY 1');
    const text = page.text('main');
    expect(text).toContain(PARTNERSHIP);
    expect(text).toContain('No assessment round has been started, so there are no judgements to report yet.');
    expect(text).toContain('No findings or recommendations have been recorded for this review.');
    expect(text).toContain('No review tasks have been recorded.');
    expect(text).toContain('No improvement actions have been recorded.');
    expect(text).toContain('The partnership has not written its response to this review yet.');
    expect(page.root.querySelector('svg')).toBeNull();
    expect(page.root.querySelector('img.app-report__logo')).toBeNull();
  });
});

describe('board report: filled', () => {
  let page: Page;
  beforeAll(async () => {
    page = await report(lead, `/reviews/${filled.id}/report`);
  });

  it('sums up the review and reports on its latest round', async () => {
    const summary = Object.fromEntries(
      page.root
        .querySelectorAll('#report-summary .govuk-summary-list__row')
        .map((row) => [squash(row.querySelector('dt')!.text), squash(row.querySelector('dd')!.text)]),
    );
    expect(summary).toMatchObject({
      Reference: 'LCSPR 2026/07',
      Title: 'Review LCSPR 2026/07',
      Pseudonym: 'Child A',
      Type: 'Local child safeguarding practice review',
      Method: 'Systems approach (for example Learning Together)',
      'Quality markers': `${framework.title}, version ${framework.version}`,
      Status: 'Setting up',
      'Round reported on': 'Round 2: Quality assurance while the review runs (not signed off)',
    });
    expect(summary.Team).toMatch(/– Business manager.*– Observer \(read only\)/);
  });

  it('shows the key dates and the timescales met or missed', () => {
    expect(tableRows(page, 'key-dates')).toContainEqual(['Date of notification', '8 February 2024']);
    const notification = tableRows(page, 'timescales').find((r) => r[0] === 'Notification')!;
    expect(notification[2]).toMatch(/^Met Done on 8 February 2024/);
  });

  it('lists every marker with its saved judgement, rationale, evidence and open questions', () => {
    const markers = framework.stages.flatMap((s) => s.markers);
    expect(page.all('.app-report-marker h4')).toEqual(markers.map((m) => `${m.number}. ${m.title}`));
    const judgement = (key: string) => page.text(`#marker-${key} .app-report-judgement`);
    const [stage1, stage2] = framework.stages;
    expect(judgement(stage1!.markers[0]!.key)).toBe('Met');
    expect(judgement(stage1!.markers[2]!.key)).toBe('Not met');
    expect(judgement(stage2!.markers[0]!.key)).toBe('Partly met');
    expect(judgement(stage2!.markers[1]!.key)).toBe('Not yet assessed');
    const first = stage1!.markers[0]!;
    const article = page.text(`#marker-${first.key}`);
    expect(article).toContain('Referred within a day, reasons written down.');
    expect(article).toContain('Chronology (PDF, ');
    expect(article).toContain('chronology.pdf');
    expect(article).toContain('Call with the health visitor (note)');
    expect(article).not.toContain('Private note text');
    const link = page.root.querySelector(`#marker-${first.key} a.app-report__external`)!;
    expect(link.getAttribute('href')).toBe('https://records.example.org/referral/7');
    const open = page.root
      .querySelectorAll(`#marker-${first.key} .app-report-questions li`)
      .map((li) => squash(li.text));
    const n = first.questions.length;
    expect(open).toEqual([
      `${n - 1}. ${first.questions[n - 2]!.text} (Not yet known)`,
      `${n}. ${first.questions[n - 1]!.text} (Not answered)`,
    ]);
    expect(page.text(`#marker-${stage2!.markers[1]!.key}`)).toContain('No evidence recorded.');
    expect(page.text(`#marker-${stage2!.markers[1]!.key}`)).toContain('No rationale recorded.');
  });

  it('charts judgements and progress per stage, with the same figures in tables', () => {
    const [stage1, stage2] = framework.stages;
    const n1 = stage1!.markers.length;
    const n2 = stage2!.markers.length;
    const judgements = tableRows(page, 'chart-judgements-table');
    expect(judgements[0]).toEqual([stage1!.title, '2', '0', '1', String(n1 - 3), '0', String(n1)]);
    expect(judgements[1]).toEqual([stage2!.title, '0', '1', '0', String(n2 - 1), '0', String(n2)]);
    const all = framework.stages.flatMap((s) => s.markers).length;
    expect(judgements.at(-1)).toEqual(['Total', '2', '1', '1', String(all - 4), '0', String(all)]);
    const progress = tableRows(page, 'chart-progress-table');
    expect(progress[0]).toEqual([stage1!.title, String(n1 - 3), '1', '0', '2', String(n1)]);
    const svg = page.root.querySelector('#chart-judgements svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-labelledby')).toBe('chart-judgements-title chart-judgements-desc');
    expect(squash(svg.querySelector('desc')!.text)).toContain(`${stage1!.title}: 2 met, 1 not met`);
    expect(page.text('#judgement-note')).toBe(
      "The judgement scale is not part of the published markers: judgements are the partnership's own, recorded with Quality Markers.",
    );
  });

  it('shows findings with their markers and themes, both kinds of action and the written response', () => {
    const findings = page.all('.app-report-finding');
    expect(findings[0]).toContain('Finding 1 Agencies did not share what they knew about the father.');
    expect(findings[0]).toContain(`Markers: 1. ${framework.stages[0]!.markers[0]!.title}`);
    expect(findings[0]).toContain('Learning themes: Information sharing; Voice of the child');
    expect(findings[1]).toContain('Recommendation 1 Write a protocol for sharing information about fathers.');
    expect(findings[1]).toContain('Markers: none linked');
    expect(tableRows(page, 'review-tasks-table')).toEqual([
      ['1', 'Send the letter to the family', 'Business manager', '1 March 2024 Overdue', 'In progress', 'Not rated'],
    ]);
    expect(tableRows(page, 'improvement-actions-table')).toEqual([
      ['2', 'Fathers protocol Agencies: Police, Health', 'Designated nurse', '1 January 2099', 'In progress', 'Amber'],
      ['3', 'Audit of referrals', 'Head of service', '1 February 2024', 'Completed', 'Green'],
    ]);
    expect(tableRows(page, 'chart-actions-table')).toEqual([
      ['Not started', '0', '0', '0', '0', '0'],
      ['In progress', '0', '1', '0', '1', '2'],
      ['Completed', '0', '0', '1', '0', '1'],
      ['Cancelled', '0', '0', '0', '0', '0'],
      ['Total', '0', '1', '1', '1', '3'],
    ]);
    const response = page.text('main').split('The partnership’s written response')[1]!;
    expect(response).toContain('Agreed Agreed on 3 March 2024. Version 2.');
    expect(response).toContain('The partnership accepts every recommendation.');
    expect(response).toContain('Action 2: Fathers protocol');
    expect(response).not.toContain('Action 1:');
  });

  it('links to the print view and to every export', () => {
    const links = page.root
      .querySelectorAll('.app-report__downloads a')
      .map((a) => [squash(a.text), a.getAttribute('href')]);
    expect(links).toEqual([
      ['Print this report (opens a version laid out for paper)', `/reviews/${filled.id}/report?print=1`],
      ['Download as Word', `/reviews/${filled.id}/export?format=docx`],
      ['Download as Excel', `/reviews/${filled.id}/export?format=xlsx`],
      ['Download as PDF', `/reviews/${filled.id}/export?format=pdf`],
      ['Download as CSV', `/reviews/${filled.id}/export?format=csv`],
      ['Download as JSON', `/reviews/${filled.id}/export?format=json`],
    ]);
  });
});

describe('choosing a round, printing, the logo', () => {
  it('reports on the round ?round= names, and on a round from its own address', async () => {
    const named = await report(lead, `/reviews/${filled.id}/report?round=${round1.id}`);
    expect(named.text('.govuk-caption-l')).toBe('LCSPR 2026/07 · Round 1: Planning');
    expect(named.all('.app-report-judgement').every((j) => j === 'Not yet assessed')).toBe(true);
    const own = await report(lead, `/reviews/${filled.id}/rounds/${round2.id}/report`);
    expect(own.title).toBe('Board report: round 2 – LCSPR 2026/07 – Quality Markers');
    expect(own.all('.govuk-breadcrumbs a')).toEqual(['Reviews', 'LCSPR 2026/07', 'Round 2']);
    expect(own.all('.app-report-judgement')).toContain('Partly met');
    expect((await lead.get(`/reviews/${filled.id}/report?round=${newId()}`)).statusCode).toBe(404);
    expect((await lead.get(`/reviews/${filled.id}/rounds/${newId()}/report`)).statusCode).toBe(404);
    expect((await lead.get(`/reviews/${empty.id}/rounds/${round1.id}/report`)).statusCode).toBe(404);
  });

  it('has a print view without the site navigation', async () => {
    const page = await report(lead, `/reviews/${filled.id}/rounds/${round2.id}/report?print=1`);
    expect(page.root.querySelector('body')!.classList.contains('app-print-view')).toBe(true);
    expect(page.root.querySelector('.govuk-breadcrumbs')).toBeNull();
    expect(page.root.querySelector('.app-report__downloads')).toBeNull();
    expect(page.text('main')).toContain('Use your browser’s print command');
  });

  it('shows the partnership’s logo, named, once there is one', async () => {
    await t.testDb.db
      .insertInto('organisation_logo')
      .values({
        organisation_id: orgId,
        content_type: 'image/png',
        content: tinyPng(),
        sha256: 'x',
        updated_at: new Date().toISOString(),
        updated_by: null,
      })
      .execute();
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
    for (const url of [`/reviews/${filled.id}/report`, `/reviews/${filled.id}/rounds/${round2.id}/report`]) {
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
