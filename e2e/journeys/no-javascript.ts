import { beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_OUTPUTS, StartPage, type FrameworkPage, type MarkerPage } from '../pages/index.js';
import type { Session } from '../support/browser.js';
import type { BrowserSuite } from '../support/suite.js';

// Journey (b): the same journey with JavaScript turned off. Everything works through plain links and
// GET forms: the audience filter through its "Show questions" button, search, and the print page.
export function noJavaScriptJourney(suite: BrowserSuite): void {
  let session: Session;
  beforeAll(async () => {
    session = await suite.session({ javaScript: false });
  });

  describe('browsing without JavaScript', () => {
    let framework: FrameworkPage;
    let marker: MarkerPage;

    it('goes from the start page to a framework and a marker by following links', async () => {
      const start = await new StartPage(session).goto();
      expect(await session.page.evaluate(() => document.body.className)).not.toContain('js-enabled');
      const frameworks = await start.browseMarkers();
      framework = await frameworks.openFramework('scr-quality-markers');
      expect(await framework.markerLinks.count()).toBe(18);
      marker = await framework.openMarker('informing-the-family', '4. Informing the family');
    });

    it('filters the questions with the "Show questions" button', async () => {
      const total = await marker.questions.count();
      expect(await marker.questionCountText()).toBe(`Showing all ${total} questions.`);
      expect(await marker.showQuestionsButton.isVisible()).toBe(true);

      const filtered = await marker.showQuestionsFor('Lead reviewer', 'lead-reviewer');
      const shown = await filtered.shownQuestions.count();
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThan(total);
      expect(await filtered.questions.count(), 'the server sends only the matching questions').toBe(shown);
      expect((await filtered.shownAudiences()).filter((a) => !a.includes('lead-reviewer'))).toEqual([]);
      expect(await filtered.questionCountText()).toBe(`Showing ${shown} of ${total} questions, for lead reviewer.`);
      expect(await filtered.checkedAudience()).toBe('Lead reviewer');
      expect(new URL(session.page.url()).hash).toBe('#questions');

      const everyone = await filtered.showQuestionsFor('Everyone', '');
      expect(await everyone.questions.count()).toBe(total);
      expect(await everyone.questionCountText()).toBe(`Showing all ${total} questions.`);
      expect(await everyone.checkedAudience()).toBe('Everyone');
    });

    it('follows the pagination to the next marker', async () => {
      const next = await marker.next('clarity-of-purpose', 'Clarity of purpose');
      expect(await next.previousLink.innerText()).toContain('Informing the family');
    });

    it('searches, shows the error when the words are missing, and opens a result', async () => {
      const start = await new StartPage(session).goto();
      const search = await start.openSearch();

      const error = await search.search('   ');
      expect(await error.errorSummary.isVisible()).toBe(true);
      expect(await error.errorMessage.innerText()).toContain('Enter words to search for');

      const results = await error.search('family', 'scr-quality-markers');
      expect(results.params().get('framework')).toBe('scr-quality-markers');
      expect(await results.results.count()).toBeGreaterThan(0);
      const frameworks = await results.results.locator('.app-secondary-text').allInnerTexts();
      expect(frameworks.filter((f) => f !== 'Serious Case Review Quality Markers')).toEqual([]);
      await results.openResult(0);
    });

    it('renders the print page, and narrows it to one stage', async () => {
      const print = await framework.goto().then((f) => f.openPrint());
      expect(await print.markers.count()).toBe(18);
      const stage = await print.showStage(REVIEW_OUTPUTS);
      expect(await stage.markers.count()).toBe(5);
      expect(await stage.stages.locator('h2').allInnerTexts()).toEqual(['Review outputs']);
    });
  });
}
