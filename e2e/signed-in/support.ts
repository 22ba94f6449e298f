import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { hashPassword } from '../../src/features/accounts/passwords.js';
import { createSession, insertOrganisation, insertPerson, type Person } from '../../test/helpers/client.js';
import { auditPage } from '../support/audit.js';
import type { Session } from '../support/browser.js';
import { useBrowserSuite } from '../support/suite.js';
import { perSpecFile } from '../support/per-spec.js';
import { startApp, type RunningApp } from '../support/server.js';

// Fixtures for the signed-in pages: an app of our own, partnerships and people made straight in its
// database, browser contexts that are already signed in (a session row and its cookie, as
// test/helpers/client.ts signedInClient makes them), and axe audits that also work for pages that
// only a signed-in person, or a POST, can reach.

/** A password that passes the product's rules, shared by every person we make. */
export const PASSWORD = 'lantern orchard pebble 7';
/** The TOTP secret insertPerson gives people made with `twoFactor`. */
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

/** The current code of the authenticator app of a person made with `twoFactor`. */
export function totpCode(at = Date.now()): string {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(TOTP_SECRET), digits: 6, period: 30 });
  return totp.generate({ timestamp: at });
}

export interface SignedInApp extends RunningApp {
  db: Db;
}

/** The real app on a fresh migrated database, listening on a free port (e2e/support/server.ts). */
export async function startSignedInApp(): Promise<SignedInApp> {
  const app = await startApp();
  return { ...app, db: app.testApp.testDb.db };
}

export interface Partnership {
  id: string;
  slug: string;
  name: string;
  /** A partnership admin, with two-factor set up (admins must have it). */
  admin: Person;
  /** A member who starts reviews (and so is their business manager). */
  lead: Person;
  /** A member who becomes a review's chair. */
  chair: Person;
  /** A member who becomes a panel member. */
  panel: Person;
}

let passwordHash: Promise<string> | undefined;

/** A partnership and its people; everyone's password is PASSWORD. */
export async function seedPartnership(db: Db, name: string): Promise<Partnership> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const org = await insertOrganisation(db, name);
  const [admin, lead, chair, panel] = await Promise.all([
    insertPerson(db, org.id, 'admin', { passwordHash: hash, twoFactor: true }),
    insertPerson(db, org.id, 'member', { passwordHash: hash }),
    insertPerson(db, org.id, 'member', { passwordHash: hash }),
    insertPerson(db, org.id, 'member', { passwordHash: hash }),
  ]);
  return { ...org, admin, lead, chair, panel };
}

/** Puts a new session of the person into the browser context: it is signed in from its next request. */
export async function signInContext(
  context: BrowserContext,
  app: SignedInApp,
  person: Person,
  organisationId: string | null,
): Promise<void> {
  const value = await createSession(app.db, person, organisationId);
  await context.addCookies([{ name: 'qm_session', value, url: app.baseUrl }]);
}

export interface SignedInSuite {
  readonly app: SignedInApp;
  readonly browser: Browser;
  /** A context and tab of its own (signed in as `as`, if given), closed with the suite. */
  session(options: { javaScript: boolean; as?: { person: Person; organisationId: string | null } }): Promise<Session>;
}

/** One app and one browser per spec file (e2e/support/suite.ts), with the signed-in, audited sessions above. */
export function useSignedInSuite(): SignedInSuite {
  const suite = useBrowserSuite(startSignedInApp, withAudits);
  return {
    get app() {
      return suite.app;
    },
    get browser() {
      return suite.browser;
    },
    async session({ javaScript, as }) {
      const session = await suite.session({ javaScript });
      if (as) await signInContext(session.context, suite.app, as.person, as.organisationId);
      return session;
    },
  };
}

/** States audited as they loaded, by JavaScript mode, across the sessions and tests of a spec file. */
const audited = perSpecFile(() => new Set<string>());

/**
 * The suite's sessions audit the page exactly as it is showing. With JavaScript on, axe runs on it.
 * With JavaScript off (where Chromium runs no timers, so axe cannot run in the page), we copy the
 * page's HTML into a context where page scripts are blocked by `script-src 'none'` and audit that: the
 * same markup and CSS, no session needed, and it works for the answer to a POST, which cannot be loaded
 * again by its URL. Each load is audited once per state of the page (see stateKey) in the spec file, so
 * the states of a page (empty, errors, filled, conflict, locked) are each audited, even at the same URL,
 * and a state one test audited is not audited again by the next test's session.
 */
function withAudits(browser: Browser, base: Session): Session {
  let copies: Promise<HtmlCopies> | undefined;
  const audit = async () => {
    if (base.javaScript) return auditPage(base.page, 'JavaScript on');
    copies ??= HtmlCopies.open(browser);
    return (await copies).audit(base.page);
  };

  return {
    ...base,
    audit,
    async auditOnLoad() {
      const key = `${base.javaScript ? 'JavaScript on' : 'JavaScript off'}|${await stateKey(base.page)}`;
      if (audited().has(key)) return;
      await audit();
      audited().add(key);
    },
    async close() {
      await (await copies)?.close();
      await base.close();
    },
  };
}

/**
 * What makes a state of a page different for axe: the page (its path, title and heading) and which
 * parts it shows (error summary, banners, conflict, task list, tables, form fields, whether anything
 * is filled in or chosen, an open dialog). Text that people type or that changes from record to
 * record does not make a new state, so a journey that loads the same page many times audits it once
 * per state (empty, errors, filled, conflict, locked…).
 */
async function stateKey(page: Page): Promise<string> {
  const signature = await page.evaluate(() => {
    const parts = [
      '.govuk-error-summary',
      '.govuk-notification-banner',
      '.govuk-notification-banner--success',
      '[role="alert"]',
      '.app-conflict',
      'dialog[open]',
      '.govuk-task-list',
      '.govuk-summary-list',
      'table',
      'textarea',
      'select',
      'input[type="radio"]',
      'input[type="radio"]:checked, input[type="checkbox"]:checked',
      'main form',
    ].map((selector) => (document.querySelector(selector) ? 1 : 0));
    const filled = Array.from(document.querySelectorAll<HTMLInputElement>('main input, main textarea')).some(
      (f) => f.type !== 'hidden' && f.type !== 'radio' && f.type !== 'checkbox' && f.value !== '',
    );
    const h1 = document.querySelector('main h1')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    return `${document.title}|${h1}|${parts.join('')}|${filled ? 1 : 0}`;
  });
  return `${new URL(page.url()).pathname}|${signature}`;
}

/** A context that shows copies of pages with page scripts blocked, for auditing them. */
class HtmlCopies {
  private next: { url: string; html: string } | undefined;

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
  ) {}

  static async open(browser: Browser): Promise<HtmlCopies> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    context.setDefaultTimeout(10_000);
    const copies = new HtmlCopies(context, await context.newPage());
    await context.route('**/*', async (route) => {
      const request = route.request();
      if (request.resourceType() !== 'document' || !copies.next || request.url() !== copies.next.url) {
        return route.continue();
      }
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        headers: { 'content-security-policy': "script-src 'none'" },
        body: copies.next.html,
      });
    });
    return copies;
  }

  async audit(from: Page): Promise<void> {
    const url = from.url().replace(/#.*$/, '');
    this.next = { url, html: await from.content() };
    try {
      await this.page.goto(url, { waitUntil: 'load' });
    } finally {
      this.next = undefined;
    }
    const scripted = await this.page.evaluate(() => document.body.classList.contains('js-enabled'));
    if (scripted) throw new Error(`Page scripts ran in the copy of ${url}: cannot audit it without JavaScript`);
    await auditPage(this.page, 'JavaScript off', url);
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** The path of a page's URL, and the id in it after `after` (`/reviews/{id}`). */
export function idAfter(url: string, after: string): string {
  const parts = new URL(url).pathname.split('/');
  const i = parts.indexOf(after);
  const id = i >= 0 ? parts[i + 1] : undefined;
  expect(id, `an id after /${after}/ in ${url}`).toBeTruthy();
  return id!;
}
