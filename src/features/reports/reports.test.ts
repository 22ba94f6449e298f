import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/helpers/client.js';
import type { Page } from '../../../test/helpers/html.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { PARTNERSHIP, squash, tableRows, report, reportsTests } from './reports.fixture.js';

// The board report of an empty review and of a filled one.
const fx = reportsTests();
let framework: FrameworkFile;
let lead: Client;
let empty: { id: string };
let filled: { id: string };
beforeAll(() => {
  ({ framework, lead, empty, filled } = fx.world);
});

describe('board report: empty', () => {
  it('says plainly what there is nothing of yet', async () => {
    const page = await report(lead, `/reviews/${empty.id}/report`);
    expect(page.title).toBe('Board report, no rounds yet: EMPTY 1 – Quality Markers');
    expect(page.h1).toBe('Board report: Review EMPTY 1');
    const text = page.text('main');
    expect(text).toContain(PARTNERSHIP);
    expect(text).toContain('No assessment round has been started, so there are no judgements to report yet.');
    expect(text).toContain('No findings or recommendations have been recorded for this review.');
    expect(text).toContain('No review tasks have been recorded.');
    expect(text).toContain('No improvement actions have been recorded.');
    expect(text).toContain('The partnership has not written its response to this review yet.');
    expect(text).toContain('The review was not started from a referral in the partnership’s register.');
    expect(text).toContain('The review’s status has not been moved since it was set up.');
    expect(text).toContain('Nothing has been recorded about publishing the report yet.');
    expect(page.root.querySelector('svg')).toBeNull();
    expect(page.root.querySelector('img.app-report__logo')).toBeNull();
  });
});

describe('board report: filled', () => {
  let page: Page;
  beforeAll(async () => {
    page = await report(lead, `/reviews/${filled.id}/report`);
  });

  it('opens with a summary: what the review is, where it stands, judgements, top findings, actions', () => {
    expect(page.title).toBe('Board report, round 2 (latest): LCSPR 2026/07 – Quality Markers');
    const rows = (id: string) =>
      Object.fromEntries(
        page.root
          .querySelectorAll(`#${id} .govuk-summary-list__row`)
          .map((row) => [squash(row.querySelector('dt')!.text), squash(row.querySelector('dd')!.text)]),
      );
    expect(rows('report-what')).toEqual({
      Type: 'Local child safeguarding practice review',
      Reference: 'LCSPR 2026/07',
      'Quality markers': `${framework.title}, version ${framework.version}`,
    });
    const all = framework.stages.flatMap((s) => s.markers).length;
    expect(rows('report-stands')).toEqual({
      Status: 'Setting up',
      'Current round': 'Round 2: Quality assurance while the review runs (open)',
      Progress: `3 of ${all} markers completed`,
      // notified 8 February 2024: the rapid review was due 15 working days later, and is not recorded
      'Next statutory step': 'Rapid review, due by 29 February 2024 (overdue).',
    });
    // The judgements chart and its table are in the summary, before the detail.
    const summary = page.root.querySelector('.app-report__summary')!;
    expect(summary.querySelector('#chart-judgements svg[role="img"]')).not.toBeNull();
    expect(summary.querySelector('#chart-judgements-table')).not.toBeNull();
    expect(page.all('#report-top-findings li')).toEqual([
      'Finding 1: Agencies did not share what they knew about the father.',
    ]);
    expect(page.text('#report-findings-line')).toBe('1 finding and 1 recommendation in all. Read them in full');
    expect(page.text('#report-actions-line')).toBe('3 actions: 2 in progress, 1 completed; 1 overdue. See each action');
  });

  it('gives the review’s other details after the summary', async () => {
    const summary = Object.fromEntries(
      page.root
        .querySelectorAll('#report-summary .govuk-summary-list__row')
        .map((row) => [squash(row.querySelector('dt')!.text), squash(row.querySelector('dd')!.text)]),
    );
    // What the summary says already (reference, type, markers, status, round) is not said twice.
    expect(Object.keys(summary)).toEqual(['Title', 'Pseudonym', 'Method', 'Team']);
    expect(summary).toMatchObject({
      Title: 'Review LCSPR 2026/07',
      Pseudonym: 'Child A',
      Method: 'Systems approach (for example Learning Together)',
    });
    expect(summary.Team).toMatch(/– Business manager.*– Observer \(read only\)/);
  });

  it('shows the key dates and the timescales met or missed', () => {
    expect(tableRows(page, 'key-dates')).toContainEqual(['Date of notification', '8 February 2024']);
    const notification = tableRows(page, 'timescales').find((r) => r[0] === 'Notification')!;
    expect(notification[2]).toMatch(/^Met Done on 8 February 2024/);
  });

  it('lists every marker with its saved judgement, rationale and evidence; unanswered questions on request', async () => {
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
    // Questions not yet answered are left out unless asked for.
    expect(page.root.querySelector('.app-report-questions')).toBeNull();
    expect(page.text('#unanswered-note')).toBe('Questions not yet answered are left out of this report. Show them');
    const more = page.root.querySelector('#unanswered-note a')!.getAttribute('href')!;
    expect(more).toBe(`/reviews/${filled.id}/report?unanswered=show#markers`);
    const shown = await report(lead, more.replace('#markers', ''));
    expect(shown.root.querySelector('#unanswered-note')).toBeNull();
    expect(shown.root.querySelector('input#unanswered')!.hasAttribute('checked')).toBe(true);
    const open = shown.root
      .querySelectorAll(`#marker-${first.key} .app-report-questions li`)
      .map((li) => squash(li.text));
    const n = first.questions.length;
    expect(open).toEqual([
      `${n - 1}. ${first.questions[n - 2]!.text} (Not yet known)`,
      `${n}. ${first.questions[n - 1]!.text} (Not answered)`,
    ]);
    expect(shown.root.querySelector('a[href$=".pdf?unanswered=show"]')).not.toBeNull();
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
      ['Download this report as PDF', `/reviews/${filled.id}/report.pdf`],
      ['Download the whole review as Word', `/reviews/${filled.id}/export?format=docx`],
      ['Download the whole review as Excel', `/reviews/${filled.id}/export?format=xlsx`],
      ['Download the markers as CSV', `/reviews/${filled.id}/export?format=csv`],
      ['Download the whole review as JSON', `/reviews/${filled.id}/export?format=json`],
    ]);
  });
});
