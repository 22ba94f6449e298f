import { beforeAll, describe, expect, it } from 'vitest';
import { MarkerPage, REVIEW_OUTPUTS, StartPage, type FrameworkPage } from '../pages/index.js';
import type { Session } from '../support/browser.js';
import type { BrowserSuite } from '../support/suite.js';

// Journey (a): someone with JavaScript browses from the start page to a marker, filters its questions
// by audience without a reload, searches and opens the print page.
/** JavaScript reacts at once, but the machine running the suite may be busy. */
const POLL = { timeout: 5_000 };

export function javaScriptJourney(suite: BrowserSuite): void {
  let session: Session;
  beforeAll(async () => {
    session = await suite.session({ javaScript: true });
  });

  /** Marks the current document, to tell later whether the page was reloaded. */
  const markDocument = () => session.page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  const sameDocument = () =>
    session.page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

  /** The `#question-count` text the server renders for this marker and audience. */
  async function serverStatusText(path: string): Promise<string> {
    const response = await session.page.request.get(path);
    const match = /<p[^>]*id="question-count"[^>]*>([\s\S]*?)<\/p>/.exec(await response.text());
    return (match?.[1] ?? '').replace(/\s+/g, ' ').trim();
  }

  describe('browsing with JavaScript', () => {
    let framework: FrameworkPage;
    let marker: MarkerPage;

    it('goes from the start page to a framework and a marker by following links', async () => {
      const start = await new StartPage(session).goto();
      const frameworks = await start.browseMarkers();
      framework = await frameworks.openFramework('scr-quality-markers');
      expect(await framework.markerLinks.count()).toBe(18);
      marker = await framework.openMarker('informing-the-family', '4. Informing the family');
      expect(await marker.checkedAudience()).toBe('Everyone');
    });

    it('filters the questions by audience at once, updating the status text and the URL', async () => {
      const total = await marker.questions.count();
      expect(await marker.questionCountText()).toBe(`Showing all ${total} questions.`);
      expect(await marker.showQuestionsButton.isVisible(), 'no "Show questions" button with JavaScript').toBe(false);
      await markDocument();

      await marker.audienceRadio('Lead reviewer').check();
      await expect.poll(() => marker.questionCountText(), POLL).toMatch(/for lead reviewer\.$/);
      const shown = await marker.shownQuestions.count();
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThan(total);
      expect(await marker.questionCountText()).toBe(`Showing ${shown} of ${total} questions, for lead reviewer.`);
      expect((await marker.shownAudiences()).filter((a) => !a.includes('lead-reviewer'))).toEqual([]);
      expect(marker.params().get('audience')).toBe('lead-reviewer');
      expect(await sameDocument(), 'filtered without a reload').toBe(true);
      // The same questions and words as the server's own filter.
      const server = await serverStatusText(`${marker.path}?audience=lead-reviewer`);
      expect(await marker.questionCountText()).toBe(server);
      await session.audit();

      await marker.audienceRadio('Everyone').check();
      await expect.poll(() => marker.questionCountText(), POLL).toBe(`Showing all ${total} questions.`);
      expect(await marker.shownQuestions.count()).toBe(total);
      expect(marker.params().has('audience')).toBe(false);
      expect(await sameDocument()).toBe(true);
      session.expectNoConsoleErrors();
    });

    it('words the status text as the server does, for the adult review audiences too', async () => {
      const sar = await new MarkerPage(session, 'sar-quality-markers', 'referral', 'Referral').goto();
      await sar.filter.locator('input[value="board"]').check();
      await expect.poll(() => sar.questionCountText(), POLL).toMatch(/^Showing \d+ of \d+ questions, for /);
      expect(
        await sar.questionCountText(),
        'assets/js/app.js and marker.njk should word the audience the same way',
      ).toBe(await serverStatusText(`${sar.path}?audience=board`));
    });

    it('keeps the filter working after the page is reloaded with the audience in its URL', async () => {
      // The filter puts the audience in the URL, so a reload (or a bookmark, or a shared link) lands on
      // the server-filtered page. Choosing another audience there must still work.
      const marker = await new MarkerPage(
        session,
        'scr-quality-markers',
        'informing-the-family',
        'Informing the family',
      ).goto();
      const total = await marker.questions.count();
      await marker.audienceRadio('Lead reviewer').check();
      await expect.poll(() => marker.params().get('audience'), POLL).toBe('lead-reviewer');
      await session.page.reload();
      await session.ready();
      expect(await marker.checkedAudience()).toBe('Lead reviewer');

      await marker.audienceRadio('Everyone').check();
      if (await marker.showQuestionsButton.isVisible()) await marker.showQuestionsButton.click();
      await expect.poll(() => marker.questionCountText().catch(() => ''), POLL).toBe(`Showing all ${total} questions.`);
    });

    it('searches and opens a result', async () => {
      const start = await new StartPage(session).goto();
      const search = await start.openSearch();
      const results = await search.search('family');
      expect(await results.results.count()).toBeGreaterThan(0);
      expect(await results.page.locator('.app-search-result mark').count()).toBeGreaterThan(0);
      const marker = await results.openResult(0);
      expect(await marker.questions.count()).toBeGreaterThan(0);
    });

    it('opens the print page from the framework and narrows it to one stage', async () => {
      const print = await framework.goto().then((f) => f.openPrint());
      expect(await print.markers.count()).toBe(18);
      const stage = await print.showStage(REVIEW_OUTPUTS);
      expect(await stage.markers.count()).toBe(5);
    });
  });
}
