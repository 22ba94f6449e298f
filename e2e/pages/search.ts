import type { Locator } from 'playwright-core';
import type { Session } from '../support/browser.js';
import { AppPage } from './app-page.js';
import { MarkerPage } from './marker.js';
import type { FrameworkKey } from './framework.js';

/** `/search[?q=]`: the search form, its results, and its error when the words are missing. */
export class SearchPage extends AppPage {
  readonly path: string;
  readonly heading = 'Search the markers';
  override readonly expectedStatus: number;

  /** `query` undefined: the empty form. A query of only spaces is the error state (400). */
  constructor(
    session: Session,
    readonly query?: string,
  ) {
    super(session);
    this.path = query === undefined ? '/search' : `/search?q=${encodeURIComponent(query)}`;
    this.expectedStatus = query !== undefined && !query.trim() ? 400 : 200;
  }

  get input(): Locator {
    return this.page.getByLabel('Search markers, questions and guidance');
  }

  get frameworkSelect(): Locator {
    return this.page.getByLabel('Framework', { exact: true });
  }

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary');
  }

  get errorMessage(): Locator {
    return this.page.locator('#q-error');
  }

  get resultsHeading(): Locator {
    return this.page.locator('#results-heading');
  }

  get results(): Locator {
    return this.page.locator('.app-search-result');
  }

  async search(query: string, framework?: FrameworkKey): Promise<SearchPage> {
    await this.input.fill(query);
    if (framework) await this.frameworkSelect.selectOption(framework);
    return this.navigate(new SearchPage(this.session, query), () =>
      this.page.locator('main form').getByRole('button', { name: 'Search' }).click(),
    );
  }

  /** Follows a result's link to its marker. */
  async openResult(index: number): Promise<MarkerPage> {
    const link = this.results.nth(index).locator('h3 a');
    const href = new URL((await link.getAttribute('href')) ?? '', 'http://app.invalid').pathname;
    const [, , frameworkKey, markerKey] = href.split('/');
    const title = ((await link.innerText()) ?? '').replace(/^\d+\.\s*/, '').trim();
    const to = new MarkerPage(this.session, frameworkKey as FrameworkKey, markerKey ?? '', title);
    return this.navigate(to, () => link.click());
  }
}
