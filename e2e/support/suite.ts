import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, openSession, type Session, type SessionOptions } from './browser.js';
import { startApp, type RunningApp } from './server.js';

export interface BrowserSuite {
  readonly app: RunningApp;
  readonly browser: Browser;
  /** A context and tab of its own, closed with the suite. */
  session(options: SessionOptions): Promise<Session>;
}

/** One app and one browser per spec file, started before its tests and closed after them. */
export function useBrowserSuite(): BrowserSuite {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  const sessions: Session[] = [];

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([startApp(), launchBrowser()]);
    if (started.status === 'fulfilled') app = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });

  afterAll(async () => {
    await Promise.allSettled(sessions.map((s) => s.close()));
    await browser?.close();
    await app?.close();
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The ${what} is not running: did beforeAll fail?`);
    return value;
  };

  return {
    get app() {
      return need(app, 'app');
    },
    get browser() {
      return need(browser, 'browser');
    },
    async session(options) {
      const session = await openSession(need(browser, 'browser'), need(app, 'app'), options);
      sessions.push(session);
      return session;
    },
  };
}
