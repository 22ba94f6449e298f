import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { expectClaimedPagesAudited } from './coverage.js';
import { launchBrowser, openSession, type Session, type SessionOptions } from './browser.js';
import { startApp, type RunningApp } from './server.js';

export interface BrowserSuite<A extends RunningApp = RunningApp> {
  readonly app: A;
  readonly browser: Browser;
  /** A context and tab of its own, closed with the suite. */
  session(options: SessionOptions): Promise<Session>;
}

/**
 * One app and one browser per spec file, started before its tests and closed after them. `start`
 * starts the app (the signed-in suite's has a database to make people in); `wrap` adds to each session.
 */
export function useBrowserSuite<A extends RunningApp = RunningApp>(
  start: () => Promise<A> = startApp as () => Promise<A>,
  wrap: (browser: Browser, session: Session) => Session = (_browser, session) => session,
): BrowserSuite<A> {
  let app: A | undefined;
  let browser: Browser | undefined;
  const sessions: Session[] = [];

  beforeAll(async () => {
    const [started, launched] = await Promise.allSettled([start(), launchBrowser()]);
    if (started.status === 'fulfilled') app = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });

  // When every test of the file ran and passed (not filtered with -t, none failed), the pages
  // e2e/page-coverage.ts says this file checks must all have been audited.
  // Vitest passes the file's suite second; its first argument must be a destructuring pattern.
  // eslint-disable-next-line no-empty-pattern
  afterAll(({}, file) => {
    if (everyTestPassed(file)) expectClaimedPagesAudited();
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
      const b = need(browser, 'browser');
      const session = wrap(b, await openSession(b, need(app, 'app'), options));
      sessions.push(session);
      return session;
    },
  };
}

interface TaskTree {
  type: string;
  mode: string;
  result?: { state?: string };
  tasks?: readonly TaskTree[];
}

function everyTestPassed(task: TaskTree): boolean {
  if (task.type === 'test') return task.mode === 'run' && task.result?.state === 'pass';
  return (task.tasks ?? []).every(everyTestPassed);
}
