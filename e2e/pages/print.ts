import type { Locator } from 'playwright-core';
import type { Session } from '../support/browser.js';
import { AppPage } from './app-page.js';
import type { FrameworkKey } from './framework.js';

/** `/frameworks/:key/print[?stage=]`: every question, one marker to a printed page. */
export class PrintPage extends AppPage {
  readonly path: string;
  readonly heading: string;

  /** `stage`: the stage key and the title the page shows for it. */
  constructor(
    session: Session,
    readonly frameworkKey: FrameworkKey,
    readonly stage?: { key: string; title: string },
  ) {
    super(session);
    this.path = `/frameworks/${frameworkKey}/print${stage ? `?stage=${stage.key}` : ''}`;
    this.heading = `Print the questions${stage ? `: ${stage.title}` : ''}`;
  }

  get markers(): Locator {
    return this.page.locator('.app-print-marker');
  }

  get stages(): Locator {
    return this.page.locator('.app-print-stage');
  }

  /** Chooses a stage and presses "Show stage" (a plain GET form: works without JavaScript). */
  async showStage(stage: { key: string; title: string }): Promise<PrintPage> {
    await this.page.getByLabel('Stage').selectOption(stage.key);
    return this.navigate(new PrintPage(this.session, this.frameworkKey, stage), () =>
      this.page.getByRole('button', { name: 'Show stage' }).click(),
    );
  }
}
