import { beforeAll, describe, expect, it } from 'vitest';
import { PrintPage, REVIEW_OUTPUTS } from '../pages/index.js';
import type { Session } from '../support/browser.js';
import type { BrowserSuite } from '../support/suite.js';

// Journey (d): the print page as printed. Only the questions print, each marker on a new page.
export function printJourney(suite: BrowserSuite): void {
  let session: Session;
  beforeAll(async () => {
    session = await suite.session({ javaScript: true });
  });

  /** Parts of the page that must not print. */
  const SCREEN_ONLY = [
    'header.govuk-template__header',
    '.govuk-service-navigation',
    '.govuk-skip-link',
    '.govuk-breadcrumbs',
    'footer.govuk-footer',
    '.app-print-intro',
  ];

  async function printedLayout() {
    return session.page.evaluate((screenOnly) => {
      const shown = (el: Element) => {
        const box = el.getBoundingClientRect();
        return getComputedStyle(el).visibility !== 'hidden' && box.width > 0 && box.height > 0;
      };
      return {
        visible: screenOnly.filter((selector) => Array.from(document.querySelectorAll(selector)).some(shown)),
        missing: screenOnly.filter((selector) => !document.querySelector(selector)),
        printOnly: Array.from(document.querySelectorAll('.app-print-only')).map(shown),
        breaks: Array.from(document.querySelectorAll('.app-print-marker')).map(
          (el) => getComputedStyle(el).breakBefore,
        ),
      };
    }, SCREEN_ONLY);
  }

  describe.each([
    { name: 'every stage', stage: undefined, markers: 18 },
    { name: 'one stage', stage: REVIEW_OUTPUTS, markers: 5 },
  ])('printing $name', ({ stage, markers }) => {
    it('hides the header, navigation and footer and starts each marker after the first on a new page', async () => {
      const print = await new PrintPage(session, 'scr-quality-markers', stage).goto();
      const screen = await printedLayout();
      expect(screen.missing, 'every part we hide in print is on the page').toEqual([]);
      expect(screen.visible, 'on screen').toEqual(SCREEN_ONLY);
      expect(screen.printOnly, 'the print-only credit line is hidden on screen').toEqual([false]);

      await session.page.emulateMedia({ media: 'print' });
      try {
        const printed = await printedLayout();
        expect(printed.visible, 'parts of the page still printed').toEqual([]);
        expect(printed.printOnly, 'the credit line prints').toEqual([true]);
        expect(printed.breaks).toHaveLength(markers);
        expect(printed.breaks[0], 'no blank first page').not.toBe('page');
        expect(printed.breaks.slice(1)).toEqual(Array(markers - 1).fill('page'));
        expect(await print.h1.isVisible(), 'the on-screen heading does not print').toBe(false);

        // And Chromium's own PDF has at least one page per marker.
        const pdf = await session.page.pdf({ format: 'A4' });
        const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
        expect(pages.length).toBeGreaterThanOrEqual(markers);
      } finally {
        await session.page.emulateMedia({ media: null });
      }
    });
  });
}
