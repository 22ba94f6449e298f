import { expect } from 'vitest';
import type { Locator, Response } from 'playwright-core';
import type { Session } from '../support/browser.js';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Path and query as a URL, to compare with the page's own. */
const parse = (path: string) => new URL(path, 'http://app.invalid');

/** True when `url` is at `target`'s path and carries every query parameter `target` has. */
function isAt(url: URL, target: URL): boolean {
  if (url.pathname !== target.pathname) return false;
  for (const [name, value] of target.searchParams) if (url.searchParams.get(name) !== value) return false;
  return true;
}

/**
 * A page of the app. `goto()` opens it directly; `expectLoaded()` checks it is showing, whichever way we
 * got there: the heading, the title, no axe violations (WCAG 2.2 AA) and no console errors.
 */
export abstract class AppPage {
  /** Path and query string, relative to the app. */
  abstract readonly path: string;
  /** The text of the page's one h1. */
  abstract readonly heading: string;
  readonly expectedStatus: number = 200;

  constructor(readonly session: Session) {}

  get page() {
    return this.session.page;
  }

  get h1(): Locator {
    return this.page.locator('main h1');
  }

  /** The response that loaded the page, when `goto()` loaded it. */
  response: Response | null = null;

  async goto(): Promise<this> {
    this.response = await this.page.goto(this.path);
    expect(this.response?.status(), `HTTP status of ${this.path}`).toBe(this.expectedStatus);
    return this.expectLoaded();
  }

  async expectLoaded(): Promise<this> {
    await this.session.ready();
    expect(new URL(this.page.url()).pathname, 'path').toBe(parse(this.path).pathname);
    expect(await this.h1.count(), 'one h1').toBe(1);
    expect(squash(await this.h1.innerText()), 'main heading').toBe(this.heading);
    expect(await this.page.title(), 'page title').toMatch(/ – Quality Markers$/);
    await this.session.auditOnLoad();
    this.session.expectNoConsoleErrors();
    return this;
  }

  /** The query parameters of the page as it is now. */
  params(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }

  /** Does something that loads `to` (follows a link, submits a form), waits for it and checks it. */
  protected async navigate<T extends AppPage>(to: T, action: () => Promise<unknown>): Promise<T> {
    const target = parse(to.path);
    if (isAt(new URL(this.page.url()), target)) throw new Error(`Already at ${to.path}: cannot tell when it loads`);
    await Promise.all([this.page.waitForURL((url) => isAt(url, target), { waitUntil: 'load' }), action()]);
    return to.expectLoaded();
  }

  /** Follows a link (or a link styled as a button) and checks the page it leads to. */
  protected follow<T extends AppPage>(to: T, link: Locator): Promise<T> {
    return this.navigate(to, () => link.click());
  }

  /** The link with exactly this accessible name, in `within` (by default, the main content). */
  protected link(name: string, within: Locator = this.page.locator('main')): Locator {
    return within.getByRole('link', { name, exact: true });
  }
}

export { squash };
