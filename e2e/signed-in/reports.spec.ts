import { beforeAll, describe, expect, it } from 'vitest';
import { createRound } from '../../src/features/assessments/records/assessments.service.js';
import { saveMarkerRecord } from '../../src/features/assessments/records/marker-records.service.js';
import { addEvidence } from '../../src/features/evidence/evidence.service.js';
import { loadFrameworkFiles } from '../../src/features/frameworks/framework.load.js';
import { FrameworkCatalogue } from '../../src/features/frameworks/frameworks.service.js';
import { createReview } from '../../src/features/reviews/reviews.service.js';
import { paths } from '../../src/lib/paths.js';
import { tinyPng } from '../../test/helpers/images.js';
import { insertReportData } from '../../test/helpers/report-data.js';
import type { Session } from '../support/browser.js';
import { squash } from './pages/base.js';
import { LogoPage, ReportPage } from './pages/reports.js';
import { seedPartnership, useSignedInSuite, type Partnership } from './support.js';

// Board reports and the partnership's logo (issue 6): the report pages empty and filled, for a review
// and for a round, pass axe (WCAG 2.2 AA) with and without JavaScript and log no console errors (so no
// CSP violation from the inline charts); on paper the site's navigation is gone; the logo page shows
// its errors and the logo then appears on reports.
const suite = useSignedInSuite();
const PARTNERSHIP = 'Anytown Safeguarding Children Partnership';
const catalogue = new FrameworkCatalogue(loadFrameworkFiles(paths.frameworks));
const framework = catalogue.latest('scr-quality-markers')!;

let p: Partnership;
let lead: Session;
let leadJs: Session;
let admin: Session;
let emptyId: string;
let filledId: string;
let roundId: string;

beforeAll(async () => {
  const db = suite.app.db;
  p = await seedPartnership(db, PARTNERSHIP);
  const actor = {
    userId: p.lead.id,
    organisationId: p.id,
    partnershipRole: 'member' as const,
    ip: null,
    userAgent: null,
  };
  const review = (reference: string, title: string) =>
    createReview(
      db,
      actor,
      { reference, title, subjectPseudonym: 'Child A', type: 'local-cspr', method: 'systems', methodOther: null },
      framework,
    );
  emptyId = (await review('EMPTY 1', 'A review just started')).id;
  filledId = (await review('LCSPR 2026/07', 'Infant injuries')).id;
  const round = await createRound(db, actor, filledId, { purpose: 'planning' }, framework);
  roundId = round.id;
  const marker = framework.stages[0]!.markers[0]!;
  const ids = { reviewId: filledId, roundId, markerKey: marker.key };
  await saveMarkerRecord(db, actor, ids, 1, { judgement: 'met', status: 'completed', rationale: 'Prompt referral.' });
  await addEvidence(db, actor, ids, { kind: 'link', title: 'Referral form', url: 'https://records.example.org/r/7' });
  await insertReportData(db, { organisationId: p.id, reviewId: filledId, userId: p.lead.id, markerKeys: [marker.key] });
  [lead, leadJs, admin] = await Promise.all([
    suite.session({ javaScript: false, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: true, as: { person: p.lead, organisationId: p.id } }),
    suite.session({ javaScript: true, as: { person: p.admin, organisationId: p.id } }),
  ]);
});

describe('board reports', () => {
  it('shows an empty review’s report, saying what there is nothing of', async () => {
    for (const session of [lead, leadJs]) {
      const page = await new ReportPage(
        session,
        `/reviews/${emptyId}/report`,
        'Board report: A review just started',
      ).goto();
      const text = await page.text();
      expect(text).toContain('No assessment round has been started, so there are no judgements to report yet.');
      expect(text).toContain('The partnership has not written its response to this review yet.');
    }
  });

  it('shows a filled review’s report: the summary first, every marker, the charts and their tables', async () => {
    for (const session of [lead, leadJs]) {
      const page = await new ReportPage(session, `/reviews/${filledId}/report`, 'Board report: Infant injuries').goto();
      expect(await page.page.title()).toBe('Board report, round 1 (latest): LCSPR 2026/07 – Quality Markers');
      const summary = page.page.locator('.app-report__summary');
      expect(await summary.locator('#chart-judgements svg[role="img"]').count()).toBe(1);
      // On a wide screen the chart's table is beside it, not below.
      const figure = (await summary.locator('.app-chart-pair__figure').boundingBox())!;
      const table = (await summary.locator('.app-chart-pair__table').boundingBox())!;
      expect(table.x).toBeGreaterThanOrEqual(figure.x + figure.width);
      expect(table.y).toBeLessThan(figure.y + figure.height);
      expect(squash(await summary.locator('#report-stands').innerText())).toContain(
        `1 of ${framework.stages.flatMap((s) => s.markers).length} markers completed`,
      );
      expect(await page.markers.count()).toBe(framework.stages.flatMap((s) => s.markers).length);
      expect(await page.page.locator('svg[role="img"]').count()).toBe(3);
      const n = framework.stages[0]!.markers.length;
      expect((await page.tableRows('chart-judgements-table'))[0]).toEqual([
        framework.stages[0]!.title,
        '1',
        '0',
        '0',
        String(n - 1),
        '0',
        String(n),
      ]);
      expect(await page.text()).toContain('The partnership accepts every recommendation.');
    }
  });

  it('shows a round’s own report', async () => {
    const page = await new ReportPage(
      leadJs,
      `/reviews/${filledId}/rounds/${roundId}/report`,
      'Board report: Infant injuries',
    ).goto();
    expect(await page.page.title()).toBe('Round 1 board report: LCSPR 2026/07 – Quality Markers');
    expect(await page.page.locator('.govuk-breadcrumbs').innerText()).toContain('Round 1');
  });

  it('leaves unanswered questions out until asked, without JavaScript', async () => {
    const page = await new ReportPage(lead, `/reviews/${filledId}/report`, 'Board report: Infant injuries').goto();
    expect(await page.page.locator('.app-report-questions').count()).toBe(0);
    const shown = await page.showUnanswered();
    expect(await shown.page.locator('.app-report-questions').count()).toBeGreaterThan(0);
    expect(await shown.page.locator('#unanswered').isChecked()).toBe(true);
  });

  it('prints without the site’s navigation, a marker to a block, and link addresses written out', async () => {
    const page = await new ReportPage(lead, `/reviews/${filledId}/report`, 'Board report: Infant injuries').goto();
    expect(await page.navigationVisible()).toBe(true);
    await page.page.emulateMedia({ media: 'print' });
    try {
      expect(await page.navigationVisible()).toBe(false);
      expect(await page.page.locator('.app-report__tools').isVisible()).toBe(false);
      // The summary fills page 1; the detail starts on the next.
      const summary = await page.page.locator('.app-report__summary').evaluate((el) => getComputedStyle(el).breakAfter);
      expect(summary).toBe('page');
      expect(await page.markers.first().isVisible()).toBe(true);
      const marker = await page.markers.first().evaluate((el) => getComputedStyle(el).breakInside);
      expect(marker).toBe('avoid');
      const after = await page.page
        .locator('a.app-report__external')
        .first()
        .evaluate((a) => getComputedStyle(a, '::after').content);
      expect(after).toContain('https://records.example.org/r/7');
    } finally {
      await page.page.emulateMedia({ media: 'screen' });
    }
    const print = await page.openPrintView();
    expect(await print.page.title()).toBe(
      'Board report for printing, round 1 (latest): LCSPR 2026/07 – Quality Markers',
    );
    expect(await print.navigationVisible(), 'the print view, on screen').toBe(false);
    expect(await print.text()).toContain('Use your browser’s print command');
  });
});

describe('the partnership’s logo', () => {
  it('shows an error for a file that is not a picture, then saves a PNG that reports show', async () => {
    const page = await new LogoPage(admin).goto();
    const errors = await page.upload({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.4 no') });
    await errors.expectErrors(['The selected file is not a PNG or SVG image']);
    const saved = await errors.upload({ name: 'logo.png', mimeType: 'image/png', buffer: tinyPng() });
    expect(await saved.successText()).toContain('The logo has been saved.');
    const report = await new ReportPage(admin, `/reviews/${filledId}/report`, 'Board report: Infant injuries').goto();
    const logo = report.page.getByRole('img', { name: `${PARTNERSHIP} logo`, exact: true });
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  });

  it('replaces it with an SVG, made safe, that still draws', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" onload="alert(1)">' +
        '<script>alert(1)</script><rect width="120" height="40" fill="#1d70b8"/></svg>',
    );
    const saved = await new LogoPage(admin)
      .goto()
      .then((page) => page.upload({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: svg }));
    expect(await saved.successText()).toContain('The logo has been saved.');
    const report = await new ReportPage(
      admin,
      `/reviews/${emptyId}/report`,
      'Board report: A review just started',
    ).goto();
    const logo = report.page.getByRole('img', { name: `${PARTNERSHIP} logo`, exact: true });
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120);
  });
});
