import type { Locator } from 'playwright-core';
import { SignedInPage } from './base.js';

/** `/work`: "Your work", where signing in lands: what waits for the person, the most pressing first. */
export class WorkPage extends SignedInPage {
  readonly path = '/work';
  readonly heading = 'Your work';

  /** The links to act on, in the page's order. */
  get items(): Locator {
    return this.page.locator('.app-work-list a');
  }
}
