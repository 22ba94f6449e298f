import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage, type Page } from '../../../test/helpers/html.js';
import { setLogo } from '../../../test/helpers/images.js';
import { parseCsv } from '../../lib/csv.js';
import { EXTRACT_COLUMNS } from './extract.csv.js';
import { buildExtractWorld } from './learning-report.fixture.js';
import { TRACKER_COLUMNS } from './tracker.js';

let w: Awaited<ReturnType<typeof buildExtractWorld>>;
beforeAll(async () => {
  w = await buildExtractWorld();
});
afterAll(async () => w.t.close());

const PERIOD = '?from=2025-04-01&to=2026-03-31';
const figures = (p: Page) =>
  p.root
    .querySelectorAll('.govuk-summary-list__row')
    .map((row) => `${row.querySelector('dt')!.text.trim()}: ${row.querySelector('dd')!.text.trim()}`);
const tableRows = (p: Page) =>
  p.root.querySelectorAll('tbody tr').map((tr) =>
    tr
      .querySelectorAll('th, td')
      .map((c) => c.text.trim())
      .join(' '),
  );
const csvRows = (body: string) => parseCsv(body).rows.filter((r) => r.some(Boolean));

// Counted by hand from learning-report.fixture.ts. The business manager is on R1 and R2, not on R3 (nor R0).
const MANAGER_FIGURES = [
  'Serious incidents notified: 2',
  'Rapid review meetings held: 1',
  'Rapid reviews sent to the national Panel: 1',
  'Decisions made: 2',
  'Decided: Hold a local child safeguarding practice review: 1',
  'Decided: No local child safeguarding practice review: 1',
  'Reviews started: 2',
  'Reviews completed: 1',
  'Reviews published: 1',
  'Reviews still running at the end of the period: 1',
  'Improvement actions worked on in the period: 3',
  'Completed in the period: 1',
  'Completed, with their impact recorded: 1',
  'Completed, impact not yet recorded: 0',
  'Still open: 1',
  'Past their due date at the end of the period: 1',
  'Closed without being done: 1',
];

describe('the yearly report extract page', () => {
  it('shows the business manager the last April-to-March year, counting only the reviews on their teams', async () => {
    const res = await w.clients.manager.get('/learning/annual-report');
    expect(res.statusCode, res.body).toBe(200);
    const p = readPage(res.body);
    expect(p.h1).toBe('Yearly report extract');
    expect(p.root.querySelector('#from-day')!.getAttribute('value')).toBe('1');
    expect(p.root.querySelector('#to-year')!.getAttribute('value')).toBe('2026');
    expect(p.text('#extract')).toBe('1 April 2025 to 31 March 2026');
    expect(figures(p)).toEqual(MANAGER_FIGURES);
    expect(p.all('h3')).toEqual([
      'Serious incidents notified and rapid reviews',
      'Decisions on local reviews, and why',
      'Reviews started, completed and published',
      'What the reviews found, by learning theme',
      'Recommendations and what was done',
      'Actions and their impact',
      'Recommendations not acted on, and why',
    ]);
    expect(tableRows(p)).toEqual(['Information sharing 2 1', 'Neglect 1 1', 'No theme recorded 1 1']);
    const text = p.text('main');
    expect(text).toContain('Reasons: Two agencies did not share what they knew');
    expect(text).toContain('R1, action 2: Neglect toolkit Reason: Covered by the county’s new neglect protocol');
    expect(text).toContain('R1, recommendation 6: Train GPs, "every year" No action, and no reason');
    expect(text).toContain('Action 1: Daily call-out list to health (Completed). Impact: Health visitors now see');
    expect(text).not.toContain('Hidden finding');
    expect(text).not.toContain('Otherton');
    expect(text).not.toContain('Finished before the period');
  });

  it('counts every review of the partnership for an admin, and refuses a panel member', async () => {
    const p = readPage((await w.clients.admin.get(`/learning/annual-report${PERIOD}`)).body);
    const f = figures(p);
    expect(f).toContain('Reviews started: 3');
    expect(f).toContain('Reviews completed: 2');
    expect(tableRows(p)).toEqual(['Information sharing 2 1', 'Neglect 2 2', 'No theme recorded 1 1']);
    expect(p.text('main')).toContain('Hidden finding the manager may not see');
    expect((await w.clients.panel.get('/learning/annual-report')).statusCode).toBe(403);
    expect((await w.clients.panel.get('/learning/tracker.csv')).statusCode).toBe(403);
  });

  it('gives a safeguarding adults board the Care Act headings, with its own reviews only', async () => {
    const p = readPage((await w.clients.other.get(`/learning/annual-report${PERIOD}`)).body);
    expect(p.all('h2')).toContain('Safeguarding adult reviews');
    expect(p.all('h3')).toEqual([
      'Referrals and decisions',
      'Reviews concluded in the year, and their findings',
      'Reviews still in progress',
      'What was done to implement the findings',
      'Findings not acted on, and the reasons',
    ]);
    expect(figures(p)).toContain('Reviews concluded: 1');
    expect(p.text('main')).toContain('SAR 1, finding 1: Otherton finding');
    expect(p.text('main')).not.toContain('Baby B');
  });

  it('keeps what was typed and says what is wrong with the period', async () => {
    const cases: [string, string, string][] = [
      [
        'from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026',
        'Start date must be a real date',
        '#from-day',
      ],
      [
        'from-day=1&from-month=4&from-year=2025&to-day=1&to-month=3&to-year=2025',
        'End date must be the same as or after the start date',
        '#to-day',
      ],
      [
        'from-day=1&from-month=4&from-year=2023&to-day=1&to-month=4&to-year=2025',
        'The period can be at most 2 years: enter an end date on or before 31 March 2025',
        '#to-day',
      ],
    ];
    for (const [query, message, href] of cases) {
      const res = await w.clients.manager.get(`/learning/annual-report?${query}`);
      expect(res.statusCode, query).toBe(400);
      const p = readPage(res.body);
      expect(p.title).toMatch(/^Error: Yearly report extract/);
      expect(p.errorLinks).toEqual([{ text: message, href }]);
      expect(p.root.querySelector('#from-day')!.getAttribute('value')).toBe(new URLSearchParams(query).get('from-day'));
      expect(p.root.querySelector('#extract')).toBeNull();
    }
    for (const url of [
      '/learning/annual-report.docx?from=2026-02-31',
      '/learning/annual-report.csv?from=2025-04-01&to=2024-01-01',
    ]) {
      expect((await w.clients.manager.get(url)).statusCode, url).toBe(400);
    }
  });
});

describe('the extract’s downloads', () => {
  it('is a Word file with the logo and the sections as headings, and the download is audited', async () => {
    await setLogo(w.db, w.orgA.id);
    const res = await w.clients.admin.get(`/learning/annual-report.docx${PERIOD}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="yearly-report-extract-.*-2025-04-01-to-2026-03-31\.docx"$/,
    );
    const zip = await JSZip.loadAsync(res.rawPayload);
    expect(Object.keys(zip.files).filter((name) => name.startsWith('word/media/'))).toHaveLength(1);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('descr="Anytown Safeguarding Children Partnership logo"');
    for (const heading of [
      'Child safeguarding practice reviews',
      'Serious incidents notified and rapid reviews',
      'Recommendations not acted on, and why',
    ]) {
      expect(xml).toMatch(new RegExp(`<w:pStyle w:val="Heading[12]"/>.*?<w:t[^>]*>${heading}</w:t>`));
    }
    expect(xml).toContain('Covered by the county’s new neglect protocol');
    const audit = await w.db
      .selectFrom('audit_event')
      .select(['detail'])
      .where('organisation_id', '=', w.orgA.id)
      .where('action', '=', 'learning.annual_report_downloaded')
      .execute();
    expect(audit.map((a) => JSON.parse(a.detail!) as unknown)).toContainEqual({
      format: 'docx',
      from: '2025-04-01',
      to: '2026-03-31',
    });
  });

  it('is a CSV of the same figures and items, quoted and guarded against formulas', async () => {
    const res = await w.clients.manager.get(`/learning/annual-report.csv${PERIOD}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csvRows(res.body);
    expect(rows[0]).toEqual(EXTRACT_COLUMNS);
    const part = 'Child safeguarding practice reviews';
    expect(rows).toContainEqual([
      part,
      'Reviews started, completed and published',
      'Figures',
      'Reviews started',
      '2',
      '',
    ]);
    expect(rows).toContainEqual([
      part,
      'What the reviews found, by learning theme',
      'Findings by learning theme',
      'Neglect',
      '1',
      'Reviews: 1',
    ]);
    expect(res.body).toContain('"R1, recommendation 6: Train GPs, ""every year"""');
    expect(res.body).not.toContain('Hidden finding');
  });
});

describe('the case review tracker export', () => {
  it('has one row per review the person may see, in plain words', async () => {
    const res = await w.clients.admin.get('/learning/tracker.csv');
    expect(res.statusCode).toBe(200);
    const rows = csvRows(res.body);
    expect(rows[0]).toEqual(TRACKER_COLUMNS);
    expect(rows.slice(1).map((r) => r[0])).toEqual([`'=HYPERLINK("https://evil.example")`, 'R0', 'R1', 'R2']);
    expect(rows.find((r) => r[0] === 'R1')).toEqual([
      'R1',
      'Local child safeguarding practice review',
      'Complete',
      'Information sharing',
      'Neglect',
      '',
      'Yes',
      '2025-05-01',
      '2026-01-15',
      '2026-03-01',
      'https://example.org/reviews/r1',
    ]);
    expect(rows.find((r) => r[0] === 'R2')!.slice(1, 7)).toEqual([
      'Local child safeguarding practice review',
      'Running',
      '',
      '',
      '',
      'No',
    ]);
    const manager = csvRows((await w.clients.manager.get('/learning/tracker.csv')).body);
    expect(manager.slice(1).map((r) => r[0])).toEqual(['R1', 'R2']);
    const other = csvRows((await w.clients.other.get('/learning/tracker.csv')).body);
    expect(other.slice(1).map((r) => r.slice(0, 3))).toEqual([['SAR 1', 'Safeguarding adult review', 'Complete']]);
  });
});
