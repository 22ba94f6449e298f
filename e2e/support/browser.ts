import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { auditPage } from './audit.js';
import { perSpecFile } from './per-spec.js';
import type { RunningApp } from './server.js';

/**
 * Debian's Chromium; we never download a browser. Its old headless shell (Debian's chromium-headless-shell,
 * the same Chromium build without the desktop browser around it, and what Playwright itself runs headless
 * tests in) when it is installed: it took about a third less CPU than `chromium --headless` for the same
 * spec (docs/testing.md). CHROMIUM_PATH chooses another.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Every page is local: nothing should take this long, even on a busy CI machine. */
const ACTION_TIMEOUT_MS = 10_000;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}. Install Debian's: apt-get install -y --no-install-recommends chromium-headless-shell ` +
        '(or set CHROMIUM_PATH).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * One browser context and one tab, reused across the tests of a file, with JavaScript on or off.
 * It records console errors (CSP violations show up there) and uncaught page errors.
 */
export interface Session {
  readonly javaScript: boolean;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Waits until the page has loaded and, with JavaScript, until govuk-frontend has initialised. */
  ready(): Promise<void>;
  /** Runs axe (WCAG 2.2 AA) on the page as it is now; fails with a readable list of violations. */
  audit(): Promise<void>;
  /**
   * The same, for a page that has just loaded: a URL audited once as it loaded, in any session of this spec
   * file with JavaScript on or off as this one, is not audited again (an anonymous page renders the same
   * way each time, from the view cache), which keeps the journeys fast.
   */
  auditOnLoad(): Promise<void>;
  /** Console errors and page errors since the last call, which clears them. */
  takeConsoleErrors(): string[];
  /** Fails if there has been any console error since the last check. */
  expectNoConsoleErrors(): void;
  close(): Promise<void>;
}

export interface SessionOptions {
  javaScript: boolean;
}

const FAILED_LOAD = /^Failed to load resource: the server responded with a status of (\d{3})/;

/** Pages audited as they loaded, by JavaScript mode and URL, across the sessions of a spec file. */
const auditedOnLoad = perSpecFile(() => new Set<string>());

export async function openSession(browser: Browser, app: RunningApp, options: SessionOptions): Promise<Session> {
  const context = await browser.newContext({
    baseURL: app.baseUrl,
    javaScriptEnabled: options.javaScript,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();

  // A 404 or 400 page is still a page: its own "failed to load" message is not an error.
  const documents = new Set<string>();
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) documents.add(request.url());
  });
  let errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url;
    if (FAILED_LOAD.test(message.text()) && documents.has(where)) return;
    errors.push(`${message.text()}${where ? ` (at ${where})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`Uncaught ${error.name}: ${error.message}`));

  const takeConsoleErrors = () => {
    const taken = errors;
    errors = [];
    return taken;
  };

  let scriptless: ScriptlessAuditor | undefined;
  const audit = async () => {
    if (options.javaScript) {
      await auditPage(page, 'JavaScript on');
    } else {
      scriptless ??= await ScriptlessAuditor.open(browser);
      await scriptless.audit(page.url());
    }
  };

  return {
    javaScript: options.javaScript,
    context,
    page,
    async ready() {
      await page.waitForLoadState('load');
      if (options.javaScript) {
        // app.js imports govuk-frontend and runs initAll(); every page has a skip link it enhances.
        await page.locator('[data-module="govuk-skip-link"][data-govuk-skip-link-init]').waitFor({ state: 'attached' });
      }
    },
    audit,
    async auditOnLoad() {
      const key = `${options.javaScript ? 'JavaScript on' : 'JavaScript off'} ${page.url().replace(/#.*$/, '')}`;
      if (auditedOnLoad().has(key)) return;
      await audit();
      auditedOnLoad().add(key);
    },
    takeConsoleErrors,
    expectNoConsoleErrors() {
      const taken = takeConsoleErrors();
      if (taken.length) {
        throw new Error(`Console errors on ${page.url()}:\n${taken.map((e) => `  - ${e}`).join('\n')}`);
      }
    },
    async close() {
      await scriptless?.close();
      await context.close();
    },
  };
}

/**
 * axe-core needs timers, which Chromium does not run in a context with JavaScript disabled. To audit
 * a page as it renders without JavaScript, we load the same URL in a context where the page's own
 * scripts are blocked by an extra `script-src 'none'` policy: same HTML, same CSS, no page script,
 * while axe (injected through the DevTools protocol, which CSP does not govern) still runs.
 */
class ScriptlessAuditor {
  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {}

  static async open(browser: Browser): Promise<ScriptlessAuditor> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      const headers = response.headers();
      const policy = headers['content-security-policy'];
      headers['content-security-policy'] = policy ? `${policy}, script-src 'none'` : "script-src 'none'";
      await route.fulfill({ response, headers });
    });
    return new ScriptlessAuditor(context, await context.newPage());
  }

  async audit(url: string): Promise<void> {
    await this.page.goto(url);
    const classes = await this.page.evaluate(() => document.body.className);
    if (/\bjs-enabled\b/.test(classes))
      throw new Error(`Page scripts ran on ${url}: cannot audit it without JavaScript`);
    await auditPage(this.page, 'JavaScript off');
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
