import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { readPage } from '../../../test/helpers/html.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('start page', () => {
  it('explains the markers, the four ways to use them and offers both frameworks', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.title).toBe('Put the quality markers to work – Quality Markers');
    expect(page.all('.app-ways li')).toHaveLength(4);
    expect(res.body).toContain('href="/frameworks/scr-quality-markers"');
    expect(res.body).toContain('href="/frameworks/sar-quality-markers"');
    expect(page.text('.govuk-button--start')).toContain('Browse the markers');
  });

  it('has our own header, a skip link and no GOV.UK crown or font', async () => {
    const page = readPage((await get('/')).body);
    expect(page.text('.app-header')).toContain('Quality Markers');
    expect(page.root.querySelector('a.govuk-skip-link')?.getAttribute('href')).toBe('#main-content');
    expect(page.root.querySelector('.govuk-logo, .govuk-header__logotype, .govuk-footer__crown')).toBeNull();
    expect(page.text('footer')).toContain('Accessibility statement');
  });
});

describe('framework page', () => {
  it('lists the 18 SCR markers by stage with their statements', async () => {
    const res = await get('/frameworks/scr-quality-markers');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Serious Case Review Quality Markers');
    expect(page.all('main h2').slice(0, 3)).toEqual(['Review set-up', 'Running the review', 'Review outputs']);
    const markers = page.all('.app-marker-list__item h3');
    expect(markers).toHaveLength(18);
    expect(markers[0]).toBe('1. Referral');
    expect(markers[17]).toBe('18. Implementation and evaluation');
    expect(page.all('.app-marker-list__item p').every((s) => s.length > 20)).toBe(true);
  });

  it('says once how the 2016 terms map to today’s', async () => {
    const page = readPage((await get('/frameworks/scr-quality-markers')).body);
    expect(page.text('.govuk-details')).toMatch(/Local child safeguarding practice review/i);
  });

  it('answers an unknown framework with the GOV.UK-style 404 page', async () => {
    const res = await get('/frameworks/no-such-framework');
    expect(res.statusCode).toBe(404);
    expect(readPage(res.body).h1).toBe('Page not found');
  });
});

describe('marker page', () => {
  it('shows the statement, rationale, numbered questions, guidance and neighbours', async () => {
    const res = await get('/frameworks/scr-quality-markers/family-involvement');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Family involvement');
    expect(page.title).toBe('12. Family involvement – Serious Case Review Quality Markers – Quality Markers');
    expect(page.text('.govuk-caption-l')).toBe('Marker 12 of 18 · Running the review');
    expect(page.text('.govuk-inset-text').length).toBeGreaterThan(30);
    const questions = page.root.querySelectorAll('.app-questions__item');
    expect(questions.length).toBeGreaterThanOrEqual(4);
    expect(questions.map((q) => q.getAttribute('value'))).toEqual(questions.map((_, i) => String(i + 1)));
    expect(page.all('.govuk-details__summary-text').length).toBeGreaterThan(0);
    expect(page.text('.govuk-pagination__prev')).toContain('11. Practitioner involvement');
    expect(page.text('.govuk-pagination__next')).toContain('13. Analysis');
  });

  it('filters questions by audience without JavaScript, keeping their numbers', async () => {
    const all = readPage((await get('/frameworks/scr-quality-markers/family-involvement')).body);
    const allCount = all.root.querySelectorAll('.app-questions__item').length;
    const res = await get('/frameworks/scr-quality-markers/family-involvement?audience=lead-reviewer');
    const page = readPage(res.body);
    const items = page.root.querySelectorAll('.app-questions__item');
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(allCount);
    for (const item of items) expect(item.getAttribute('data-audiences')).toContain('lead-reviewer');
    expect(page.text('#question-count')).toContain(`of ${allCount} questions, for lead reviewer`);
    expect(page.root.querySelector('input[value="lead-reviewer"]')?.hasAttribute('checked')).toBe(true);
  });

  it('ignores an unknown audience and shows every question', async () => {
    const page = readPage((await get('/frameworks/scr-quality-markers/referral?audience=%3Cscript%3E')).body);
    expect(page.text('#question-count')).toMatch(/^Showing all \d+ questions\.$/);
  });

  it('serves SAR markers with the SAR audiences in the filter', async () => {
    const page = readPage((await get('/frameworks/sar-quality-markers/referral')).body);
    expect(page.text('.govuk-caption-l')).toBe('Marker 1 of 15 · Setting up the review');
    expect(page.all('.govuk-radios__label')).toEqual([
      'Everyone',
      'Those ultimately accountable: Safeguarding Adults Board members and chair',
      'Those with delegated responsibility: the SAR subgroup or similar',
      'Those conducting the review: independent reviewers',
      'Those providing practical support: SAB business managers or unit',
    ]);
  });

  it('answers an unknown marker with 404', async () => {
    expect((await get('/frameworks/scr-quality-markers/not-a-marker')).statusCode).toBe(404);
  });

  it('says quietly where each question comes from, and whose the audience groups are', async () => {
    const page = readPage((await get('/frameworks/scr-quality-markers/referral')).body);
    const origins = page.all('.app-questions__item .app-question-origin');
    expect(origins).toHaveLength(9);
    expect(origins[0]).toBe('· From the publication');
    expect(origins).toContain('· Adapted from the publication');
    expect(origins.at(-1)).toBe('· Added by Quality Markers');
    expect(page.text('#audience-hint')).toMatch(/one list of questions for each marker, with no audiences/);
    expect(page.text('#audience-hint')).toMatch(/the Quality Markers project's own/);
    expect(page.all('.govuk-checkboxes__label')).toEqual(['Only questions from the publication']);
  });

  it('shows only the questions from the publication with ?origin=published, with or without an audience', async () => {
    const res = await get('/frameworks/scr-quality-markers/referral?origin=published');
    const page = readPage(res.body);
    expect(page.root.querySelectorAll('.app-questions__item').map((li) => li.getAttribute('value'))).toEqual(['1']);
    expect(page.text('#question-count')).toBe('Showing 1 of 9 questions, from the publication.');
    expect(page.root.querySelector('input[name="origin"]')?.hasAttribute('checked')).toBe(true);
    const both = readPage(
      (await get('/frameworks/scr-quality-markers/governance?origin=published&audience=lead-reviewer')).body,
    );
    expect(both.text('#question-count')).toMatch(
      /^Showing \d of 5 questions, from the publication, for lead reviewer\.$/,
    );
    const none = readPage((await get('/frameworks/scr-quality-markers/clarity-of-purpose?origin=published')).body);
    expect(none.text('#question-count')).toBe('Showing 0 of 7 questions, from the publication.');
    expect(none.text('main')).toContain('There are no questions from the publication on this marker.');
  });

  it('says on the framework page that the content reflects law in England', async () => {
    for (const key of ['scr-quality-markers', 'sar-quality-markers']) {
      const page = readPage((await get(`/frameworks/${key}`)).body);
      expect(page.text('.govuk-body-l')).toMatch(/law and guidance in England; Wales\s+has its own Single Unified/);
    }
  });
});

describe('search', () => {
  it('groups results by marker and highlights the words', async () => {
    const res = await get('/search?q=family');
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    expect(page.h1).toBe('Search the markers');
    expect(page.title).toBe('Search results for ‘family’ – Quality Markers');
    const titles = page.all('.app-search-result h3');
    expect(titles).toContain('12. Family involvement');
    expect(res.body).toContain('<mark>Family</mark>');
    expect(page.text('#results-heading')).toMatch(/^\d+ markers match ‘family’$/);
  });

  it('requires every word to appear in a marker', async () => {
    const page = readPage((await get('/search?q=family%20xylophone')).body);
    expect(page.text('#results-heading')).toBe('0 markers match ‘family xylophone’');
  });

  it('limits search to one framework when asked', async () => {
    const page = readPage((await get('/search?q=referral&framework=sar-quality-markers')).body);
    const frameworks = new Set(page.all('.app-search-result .app-secondary-text'));
    expect([...frameworks]).toEqual(['Safeguarding Adult Review Quality Markers']);
  });

  it('shows the form without an error before anything is searched', async () => {
    const res = await get('/search');
    expect(res.statusCode).toBe(200);
    expect(readPage(res.body).errorLinks).toEqual([]);
  });

  it('asks for words when the query is empty', async () => {
    const res = await get('/search?q=%20%20');
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.title).toBe('Error: Search the markers – Quality Markers');
    expect(page.errorLinks).toEqual([{ text: 'Enter words to search for', href: '#q' }]);
  });

  it('refuses an over-long query with a clear message and keeps what was typed', async () => {
    const q = 'a'.repeat(201);
    const res = await get(`/search?q=${q}`);
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.errorLinks[0]?.text).toBe('Search words must be 200 characters or fewer');
    expect(page.root.querySelector('input#q')?.getAttribute('value')).toBe(q);
  });

  it('always escapes the query', async () => {
    const res = await get(`/search?q=${encodeURIComponent('<script>alert(1)</script> family')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;');
  });
});

describe('print and Word checklist', () => {
  it('lays out every marker and question for paper', async () => {
    const page = readPage((await get('/frameworks/scr-quality-markers/print')).body);
    expect(page.all('.app-print-marker')).toHaveLength(18);
    expect(page.root.querySelectorAll('.app-write-space').length).toBeGreaterThan(18 * 4 - 1);
  });

  it('prints one stage with ?stage=', async () => {
    const page = readPage((await get('/frameworks/scr-quality-markers/print?stage=review-outputs')).body);
    expect(page.h1).toBe('Print the questions: Review outputs');
    expect(page.all('.app-print-marker h3')).toEqual([
      '14. Report',
      '15. Improvement action',
      '16. Board written response',
      '17. Publication',
      '18. Implementation and evaluation',
    ]);
  });

  it("prints where each question comes from, and that judgements are the partnership's own", async () => {
    const page = readPage((await get('/frameworks/sar-quality-markers/print?stage=running-the-review')).body);
    const lines = page.all('.app-print-questions .app-secondary-text');
    expect(lines.some((l) => l.endsWith('· From the publication'))).toBe(true);
    expect(lines.some((l) => l.endsWith('· Added by Quality Markers'))).toBe(true);
    expect(page.text('.app-print-only')).toContain(
      "judgements are the partnership's own, recorded with Quality Markers",
    );
  });

  it('downloads a Word document with a heading for every stage and marker', async () => {
    const res = await get('/frameworks/scr-quality-markers/checklist.docx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain('scr-quality-markers-1.1.0-checklist.docx');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    for (const title of ['Review set-up', '12. Family involvement', '18. Implementation and evaluation', 'Notes']) {
      expect(xml).toContain(title);
    }
    expect(xml).toContain('From the publication');
    expect(xml).toContain('Added by Quality Markers');
    expect(xml).toContain('the partnership&apos;s own, recorded with Quality Markers');
  });
});

describe('content pages', () => {
  it.each(['/about', '/accessibility', '/privacy'])('%s renders', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(readPage(res.body).h1.length).toBeGreaterThan(3);
  });
});
