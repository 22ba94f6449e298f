import type { Locator } from 'playwright-core';
import type { Session } from '../../support/browser.js';
import { SignedInPage } from './base.js';

/** `/learning`: what the reviews say together; `query` is the GET form's choices. */
export class LearningPage extends SignedInPage {
  readonly path: string;
  readonly heading = 'Learning across reviews';
  constructor(
    session: Session,
    query = '',
    override readonly expectedStatus = 200,
  ) {
    super(session);
    this.path = `/learning${query ? `?${query}` : ''}`;
  }

  /** The counts in words, one per marker. */
  get sentences(): Locator {
    return this.main.locator('.app-learning-sentences li');
  }

  /** The review references of the matrix's rows, in order. */
  async matrixReviews(): Promise<string[]> {
    return this.main.locator('table[id^="matrix-"] tbody th a').allInnerTexts();
  }

  /** Chooses, in the GET form, and shows the figures: the page it lands on. */
  async choose(choices: { round?: string; type?: string; decided?: string }, query: string, status = 200) {
    if (choices.round) await this.main.getByLabel(choices.round, { exact: true }).check();
    if (choices.type) await this.field('Review type').selectOption({ label: choices.type });
    if (choices.decided !== undefined) await this.field('Year of the decision').fill(choices.decided);
    return this.submit(new LearningPage(this.session, query, status), () => this.button('Show figures').click());
  }
}

/** `/learning/region`: the roll-up across the person's partnerships. */
export class RegionPage extends SignedInPage {
  readonly path = '/learning/region';
  readonly heading = 'Learning across your partnerships';
}
