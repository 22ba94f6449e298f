import type { Locator } from 'playwright-core';
import type { Session } from '../support/browser.js';
import { AppPage } from './app-page.js';
import type { FrameworkKey } from './framework.js';

/** `/frameworks/:key/:marker[?audience=]`: a marker, its questions and the audience filter. */
export class MarkerPage extends AppPage {
  readonly path: string;

  constructor(
    session: Session,
    readonly frameworkKey: FrameworkKey,
    readonly markerKey: string,
    readonly heading: string,
    readonly audience?: string,
  ) {
    super(session);
    this.path = `/frameworks/${frameworkKey}/${markerKey}${audience === undefined ? '' : `?audience=${audience}`}`;
  }

  get filter(): Locator {
    return this.page.locator('form[data-module="app-question-filter"]');
  }

  /** The audience radio with this label ("Everyone", "Lead reviewer", …). */
  audienceRadio(label: string): Locator {
    return this.filter.getByRole('radio', { name: label, exact: true });
  }

  /** The label of the audience radio that is checked. */
  async checkedAudience(): Promise<string> {
    const id = await this.filter.locator('input[name="audience"]:checked').getAttribute('id');
    return (await this.filter.locator(`label[for="${id}"]`).innerText()).trim();
  }

  get showQuestionsButton(): Locator {
    return this.filter.getByRole('button', { name: 'Show questions' });
  }

  get questionCount(): Locator {
    return this.page.locator('#question-count');
  }

  async questionCountText(): Promise<string> {
    return (await this.questionCount.innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Every question on the page, shown or hidden by the filter. */
  get questions(): Locator {
    return this.page.locator('[data-questions] > li');
  }

  /** The questions the filter shows. */
  get shownQuestions(): Locator {
    return this.page.locator('[data-questions] > li:not([hidden])');
  }

  /** The audience keys of the questions shown. */
  async shownAudiences(): Promise<string[][]> {
    return this.shownQuestions.evaluateAll((items) =>
      items.map((li) => (li.getAttribute('data-audiences') ?? '').split(' ')),
    );
  }

  get nextLink(): Locator {
    return this.page.locator('.govuk-pagination__next a');
  }

  get previousLink(): Locator {
    return this.page.locator('.govuk-pagination__prev a');
  }

  /** Without JavaScript: choose an audience and press "Show questions", which reloads the page. */
  async showQuestionsFor(label: string, audienceKey: string): Promise<MarkerPage> {
    await this.audienceRadio(label).check();
    const to = new MarkerPage(this.session, this.frameworkKey, this.markerKey, this.heading, audienceKey);
    return this.navigate(to, () => this.showQuestionsButton.click());
  }

  /** Follows the "Next" pagination link to the following marker. */
  next(markerKey: string, title: string): Promise<MarkerPage> {
    const to = new MarkerPage(this.session, this.frameworkKey, markerKey, title);
    return this.navigate(to, () => this.nextLink.click());
  }
}
