import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { AppPage, squash } from '../../pages/app-page.js';
import type { Session } from '../../support/browser.js';

export { squash };

/**
 * A page of the signed-in product (or of signing in). Its load check is AppPage's: the path, one h1
 * with the expected text, the title, axe (WCAG 2.2 AA) in the state it is showing, no console errors.
 * Forms are submitted with `submit()`, which also works when the answer is at the same URL (a 400 page
 * with errors, a 409 page with a conflict).
 */
export abstract class SignedInPage extends AppPage {
  constructor(session: Session) {
    super(session);
  }

  get main(): Locator {
    return this.page.locator('main');
  }

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary');
  }

  get successBanner(): Locator {
    return this.page.locator('.govuk-notification-banner--success');
  }

  /** The "Not saved" banner of an edit conflict (a success banner is an alert too). */
  get conflictBanner(): Locator {
    return this.page.locator('.govuk-notification-banner[role="alert"]:not(.govuk-notification-banner--success)');
  }

  /** The first button in the main content with exactly this text. */
  button(name: string): Locator {
    return this.main.getByRole('button', { name, exact: true }).first();
  }

  /** A form field by its label. */
  field(label: string): Locator {
    return this.main.getByLabel(label, { exact: true });
  }

  /**
   * Does something that loads a new document (submits a form, follows a link), waits for it to load
   * and checks it is `to`. `to` may be worked out from the URL it lands on, for a new record's page.
   */
  async submit<T extends AppPage>(to: T | ((url: string) => T), action: () => Promise<unknown>): Promise<T> {
    await loadsNewDocument(this.session, action);
    const target = typeof to === 'function' ? to(this.page.url()) : to;
    return target.expectLoaded();
  }

  /** Checks the page shows these errors, GOV.UK style: title, summary linking to fields, field messages. */
  async expectErrors(messages: string[]): Promise<void> {
    expect(await this.page.title(), 'title of a page with errors').toMatch(/^Error: /);
    await expect.poll(() => this.errorSummary.isVisible(), { timeout: 5_000 }).toBe(true);
    const links = this.errorSummary.locator('.govuk-error-summary__list a');
    expect((await links.allInnerTexts()).map(squash), 'the error summary').toEqual(messages);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      expect(href, 'an error summary link to a field').toMatch(/^#./);
      expect(await this.page.locator(href).count(), `the field ${href} the error summary links to`).toBe(1);
    }
    const fieldMessages = (await this.main.locator('.govuk-error-message').allInnerTexts()).map(squash);
    for (const message of messages) {
      expect(fieldMessages, 'the messages by the fields').toContain(`Error: ${message}`);
    }
    if (this.session.javaScript) {
      // govuk-frontend moves focus to the summary, so that screen readers announce it.
      await expect
        .poll(() => this.page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), {
          timeout: 5_000,
        })
        .toBe(true);
    }
  }

  async successText(): Promise<string> {
    return squash(await this.successBanner.innerText());
  }
}

/**
 * Does `action` and waits until a new document has loaded in the tab. Each document has its own
 * `performance.timeOrigin`, so this also tells a form answered at the same URL from the page it was on.
 */
export async function loadsNewDocument(session: Session, action: () => Promise<unknown>): Promise<void> {
  const page = session.page;
  const origin = () =>
    page.evaluate(() => (document.readyState === 'complete' ? performance.timeOrigin : 0)).catch(() => 0);
  const before = await origin();
  await action();
  const deadline = Date.now() + 15_000;
  for (;;) {
    const now = await origin();
    if (now && now !== before) return;
    if (Date.now() > deadline) throw new Error(`No new page loaded in 15 seconds, still at ${page.url()}`);
    await page.waitForTimeout(50);
  }
}

/** A page given by its path and heading, for pages with nothing more to them than their form. */
export class PlainPage extends SignedInPage {
  constructor(
    session: Session,
    readonly path: string,
    readonly heading: string,
    override readonly expectedStatus = 200,
  ) {
    super(session);
  }
}
