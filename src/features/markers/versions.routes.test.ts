import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../../test/fixtures/frameworks/fixtures.js';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { readPage } from '../../../test/helpers/html.js';
import { loadFrameworkFiles } from '../frameworks/framework.load.js';
import { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { paths } from '../../lib/paths.js';

// Two versions of a framework side by side, as built-in frameworks shipping two files would be.
let t: TestApp;
beforeAll(async () => {
  const catalogue = new FrameworkCatalogue([
    ...loadFrameworkFiles(paths.frameworks),
    fixture('local-v1.yaml'),
    fixture('local-v2.yaml'),
  ]);
  t = await buildTestApp({ catalogue });
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('versions of a framework', () => {
  it('lists the versions, newest first, each linked, with what changed since the one before', async () => {
    const res = await get('/frameworks/riverside-review-checks/versions');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Versions');
    expect(page.title).toBe('Versions – Riverside local review checks – Quality Markers');
    expect(page.all('.app-versions tbody td:first-child')).toEqual(['1.1.0 (latest)', '1.0.0']);
    const links = page.root.querySelectorAll('.app-versions a').map((a) => a.getAttribute('href'));
    expect(links).toEqual([
      '/frameworks/riverside-review-checks@1.1.0',
      '/frameworks/riverside-review-checks/versions/1.0.0...1.1.0',
      '/frameworks/riverside-review-checks@1.0.0',
    ]);
  });

  it('compares two versions chosen in the form, without JavaScript', async () => {
    const res = await get('/frameworks/riverside-review-checks/versions/compare?from=1.0.0&to=1.1.0');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/frameworks/riverside-review-checks/versions/1.0.0...1.1.0');
  });

  it('shows what changed between two versions, by stable keys', async () => {
    const res = await get('/frameworks/riverside-review-checks/versions/1.0.0...1.1.0');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Changes from version 1.0.0 to 1.1.0');
    expect(page.text('#change-count')).toMatch(/^13 changes/);
    expect(page.all('.app-diff-added-markers li')).toEqual(['5. Family involvement, in During the review']);
    expect(page.all('.app-diff-removed-markers li')).toEqual(['5. Report, was in During the review']);
    expect(page.all('.app-diff-moved-markers li')).toEqual([
      'Records: was 4 in During the review, now 3 in Setting up the review',
    ]);
    expect(page.all('.app-diff-changed-marker')).toEqual(['1. Scope: reworded']);
    expect(page.all('.app-diff-moved-questions li')).toEqual([
      "Were practitioners offered support before and after?: was Practitioners' voices question 2, now Choosing the reviewer question 2",
      'Is there a date by which the review should finish?: was Scope question 3, now Scope question 1',
    ]);
    expect(res.body).toContain('Have family members been asked what they want the review to look at?');
    expect(page.text('main')).toContain('now also for Family members; no longer for Lead reviewer or review team');
  });

  it('shows what changed in the built-in SCR markers from 1.0.0 to 1.1.0, origins included', async () => {
    const res = await get('/frameworks/scr-quality-markers/versions/1.0.0...1.1.0');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    const added = page.all('.app-diff-added-questions li');
    expect(added).toContain(
      'Referral, question 9: Where the case is notifiable, did the local authority notify the Panel, and tell the partners, within the five working days that Working Together expects? (added by Quality Markers)',
    );
    expect(added.some((a) => a.startsWith('Decision making, question 8: For a notified case'))).toBe(true);
    const origins = page.all('.app-diff-origins li');
    expect(origins).toHaveLength(139);
    expect(origins[0]).toBe('Referral, question 1: from the publication');
    expect(page.text('#origin-changes')).toBe('Where questions come from');
    expect(page.text('main')).toContain(
      'Renamed: Safeguarding partners and chair is now Lead and delegated safeguarding partners',
    );
    expect(page.text('main')).toMatch(/Source note/);
    expect(page.text('main')).toMatch(/Decision making: reworded/);
  });

  it('answers unknown versions and malformed ranges with 404', async () => {
    for (const url of [
      '/frameworks/riverside-review-checks/versions/1.0.0...9.9.9',
      '/frameworks/riverside-review-checks/versions/1.0.0..1.1.0',
      '/frameworks/nope/versions',
      '/frameworks/riverside-review-checks@1.0.0/versions',
    ]) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
  });

  it('serves an older version at /frameworks/{key}@{version}, saying so and linking to the latest', async () => {
    const res = await get('/frameworks/riverside-review-checks@1.0.0');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Riverside review checks');
    expect(page.text('.govuk-notification-banner__heading')).toBe(
      'You are looking at version 1.0.0. The latest is version 1.1.0.',
    );
    expect(page.all('.app-marker-list__item h3')).toContain('5. Report');
    expect(page.root.querySelector('.app-marker-list__item a')?.getAttribute('href')).toBe(
      '/frameworks/riverside-review-checks@1.0.0/scope',
    );
    const marker = await get('/frameworks/riverside-review-checks@1.0.0/report');
    expect(marker.statusCode).toBe(200);
    expect(readPage(marker.body).h1).toBe('Report');
    expect((await get('/frameworks/riverside-review-checks/report')).statusCode).toBe(404);
    const print = readPage((await get('/frameworks/riverside-review-checks@1.0.0/print')).body);
    expect(print.all('.app-print-marker')).toHaveLength(5);
    const docx = await get('/frameworks/riverside-review-checks@1.0.0/checklist.docx');
    expect(docx.headers['content-disposition']).toContain('riverside-review-checks-1.0.0-checklist.docx');
    expect((await get('/frameworks/riverside-review-checks@3.0.0')).statusCode).toBe(404);
  });

  it('shows the latest version with no notice, and links to its versions', async () => {
    const page = readPage((await get('/frameworks/riverside-review-checks')).body);
    expect(page.root.querySelector('.govuk-notification-banner')).toBeNull();
    expect(page.text('.govuk-caption-l')).toBe('Version 1.1.0');
    expect(hrefs(page)).toContain('/frameworks/riverside-review-checks/versions');
  });
});

function hrefs(page: ReturnType<typeof readPage>) {
  return page.root.querySelectorAll('a').map((a) => a.getAttribute('href'));
}

describe('API: versions', () => {
  it('lists the versions of a framework', async () => {
    const res = await get('/api/v1/frameworks/riverside-review-checks/versions');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      key: 'riverside-review-checks',
      latest: '1.1.0',
      versions: [
        {
          key: 'riverside-review-checks',
          version: '1.1.0',
          title: 'Riverside local review checks',
          published: '2026-06-01',
          markerCount: 5,
          stageCount: 2,
          href: '/api/v1/frameworks/riverside-review-checks/versions/1.1.0',
        },
        {
          key: 'riverside-review-checks',
          version: '1.0.0',
          title: 'Riverside review checks',
          published: '2026-01-15',
          markerCount: 5,
          stageCount: 2,
          href: '/api/v1/frameworks/riverside-review-checks/versions/1.0.0',
        },
      ],
    });
  });

  it('returns one version, and a JSON 404 for an unknown one', async () => {
    const res = await get('/api/v1/frameworks/riverside-review-checks/versions/1.0.0');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      key: 'riverside-review-checks',
      version: '1.0.0',
      title: 'Riverside review checks',
    });
    const missing = await get('/api/v1/frameworks/riverside-review-checks/versions/2.0.0');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      error: { status: 404, message: "There is no version '2.0.0' of framework 'riverside-review-checks'" },
    });
  });
});
