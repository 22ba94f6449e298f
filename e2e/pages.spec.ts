import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiDocsPage,
  EVERY_PAGE,
  type AppPage,
  type MarkerPage,
  type PrintPage,
  type SearchPage,
} from './pages/index.js';
import type { Session } from './support/browser.js';
import { expectScriptsCarryNonce, expectSecurityHeaders } from './support/security.js';
import { useBrowserSuite } from './support/suite.js';

// Every page, in each of its states, loads with its heading, passes axe (WCAG 2.2 AA) and logs no
// console errors (CSP violations among them): with JavaScript on, and with it off. With JavaScript on,
// each page also gets the security headers (journey e), and its scripts run under the nonce.
const suite = useBrowserSuite();

/** What else to check on a page once it has loaded, by its name in EVERY_PAGE. */
const CHECKS: Record<string, (page: AppPage, session: Session) => Promise<void>> = {
  'search with results': async (page) => {
    const search = page as SearchPage;
    expect(await search.results.count()).toBeGreaterThan(0);
    expect(await search.resultsHeading.innerText()).toMatch(/^\d+ markers? match(es)? ‘family’$/);
    expect(await search.input.inputValue()).toBe('family');
  },
  'search with no words (error)': async (page, session) => {
    const search = page as SearchPage;
    expect(await session.page.title()).toMatch(/^Error: /);
    expect(await search.errorSummary.getByRole('link').getAttribute('href')).toBe('#q');
    expect(await search.errorMessage.innerText()).toContain('Enter words to search for');
    expect(await search.results.count()).toBe(0);
    if (session.javaScript) {
      // govuk-frontend moves focus to the error summary, so that screen readers announce it.
      const focused = await session.page.evaluate(() => document.activeElement?.className ?? '');
      expect(focused).toContain('govuk-error-summary');
    }
  },
  'search with no results': async (page) => {
    const search = page as SearchPage;
    expect(await search.resultsHeading.innerText()).toBe('0 markers match ‘zyzzyva’');
    expect(await search.results.count()).toBe(0);
  },
  'SCR marker': async (page) => {
    const marker = page as MarkerPage;
    const total = await marker.questions.count();
    expect(total).toBeGreaterThan(0);
    expect(await marker.shownQuestions.count()).toBe(total);
    expect(await marker.questionCountText()).toBe(`Showing all ${total} questions.`);
    expect(await marker.checkedAudience()).toBe('Everyone');
  },
  'SCR marker for one audience': async (page) => {
    const marker = page as MarkerPage;
    const shown = await marker.shownQuestions.count();
    expect(shown).toBeGreaterThan(0);
    expect((await marker.shownAudiences()).filter((a) => !a.includes('lead-reviewer'))).toEqual([]);
    expect(await marker.questionCountText()).toMatch(
      new RegExp(`^Showing ${shown} of \\d+ questions, for lead reviewer\\.$`),
    );
    expect(await marker.checkedAudience()).toBe('Lead reviewer');
  },
  'SCR marker with no questions for the audience': async (page) => {
    const marker = page as MarkerPage;
    expect(await marker.shownQuestions.count()).toBe(0);
    expect(await marker.questionCountText()).toBe('Showing 0 of 9 questions, for lead reviewer.');
    expect(await marker.page.getByRole('link', { name: 'Show all questions' }).count()).toBe(1);
  },
  'print, every stage': async (page) => {
    const print = page as PrintPage;
    expect(await print.stages.count()).toBe(3);
    expect(await print.markers.count()).toBe(18);
  },
  'print, one stage': async (page) => {
    const print = page as PrintPage;
    expect(await print.stages.count()).toBe(1);
    expect(await print.markers.count()).toBe(5);
  },
};

describe.each([
  { mode: 'with JavaScript', javaScript: true },
  { mode: 'without JavaScript', javaScript: false },
])('every page $mode', ({ javaScript }) => {
  let session: Session;
  beforeAll(async () => {
    session = await suite.session({ javaScript });
  });

  it.each(EVERY_PAGE)('%s', async (name, open) => {
    const page = await open(session).goto();
    await CHECKS[name]?.(page, session);
    if (javaScript) {
      const nonce = await expectSecurityHeaders(page.response, page.path);
      await expectScriptsCarryNonce(session.page, nonce);
      // The template's inline script and app.js both ran under the policy: govuk-frontend initialised.
      expect(await session.page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'))).toBe(
        true,
      );
    }
    session.expectNoConsoleErrors();
  });
});

// The API reference is one long page: every operation and schema, about 6,900 elements and 101 tables. Timed
// alone on a quiet machine, one axe run took 5–6 s at 1280 and at 320 px, most of it the colour-contrast rule
// over its ~4,000 text nodes. Its content has nothing a script changes (no govuk-frontend component, none of
// our scripts), so it is audited once, with JavaScript on, and the second test shows that without JavaScript
// the content is the same markup: the first audit covered it. The header and footer around it, which do
// change with JavaScript, are audited in both modes on every other page.
describe('the API reference', () => {
  let withScripts = '';

  it('passes axe and the reflow check, with JavaScript', async () => {
    const session = await suite.session({ javaScript: true });
    const docs = await new ApiDocsPage(session).goto();
    expect(await docs.page.locator('.app-api-operation').count()).toBeGreaterThan(10);
    withScripts = await docs.page.locator('main').innerHTML();
    session.expectNoConsoleErrors();
  }, 240_000);

  it('is the same content without JavaScript, with nothing in it a script would change', async () => {
    expect(withScripts, 'the test with JavaScript ran first').not.toBe('');
    const session = await suite.session({ javaScript: false });
    const response = await session.page.goto(new ApiDocsPage(session).path);
    expect(response?.status()).toBe(200);
    const main = session.page.locator('main');
    expect(await main.locator('[data-module]').count(), 'components a script initialises').toBe(0);
    expect(await main.innerHTML()).toBe(withScripts);
    session.expectNoConsoleErrors();
  });
});

describe('the content security policy in the browser', () => {
  let session: Session;
  beforeAll(async () => {
    session = await suite.session({ javaScript: true });
  });

  it('sends a new nonce with every response', async () => {
    const first = await expectSecurityHeaders(await session.page.goto('/'), '/');
    const second = await expectSecurityHeaders(await session.page.goto('/'), '/');
    expect(second).not.toBe(first);
    await session.ready();
    session.expectNoConsoleErrors();
  });

  it('is enforced: an injected inline script does not run, and the violation is logged', async () => {
    await session.page.goto('/');
    await session.ready();
    await session.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
    });
    expect(await session.page.evaluate(() => '__injected' in window)).toBe(false);
    await expect
      .poll(() => session.takeConsoleErrors().join('\n'), { timeout: 5_000 })
      .toMatch(/Content Security Policy/);
  });

  it('covers static assets too', async () => {
    const response = await session.page.request.get('/assets/app.css?v=1');
    expect(response.status()).toBe(200);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    expect(response.headers()['content-security-policy']).toContain("default-src 'self'");
  });
});
