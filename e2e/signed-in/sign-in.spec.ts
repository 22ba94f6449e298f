import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../support/browser.js';
import { focused } from '../support/focus.js';
import { seedAccountsPartnership } from './accounts-world.js';
import { SignInPage, TwoFactorSignInPage } from './pages/accounts.js';
import { SsoSettingsPage } from './pages/admin.js';
import { squash } from './pages/base.js';
import { WorkPage } from './pages/work.js';
import { PASSWORD, totpCode, useSignedInSuite, type Partnership } from './support.js';

// Signing in and staying signed in (issue 3): each page in each of its states loads with its heading,
// passes axe (WCAG 2.2 AA) and logs no console errors. Signing in, with and without two-factor, is done
// with JavaScript off; the idle-timeout warning is checked with it on.
const suite = useSignedInSuite();
const POLL = { timeout: 5_000 };

let p: Partnership;
let session: { anonymousJs: Session; anonymousNoJs: Session; admin: Session };

beforeAll(async () => {
  p = await seedAccountsPartnership(suite.app.db);
  const [anonymousJs, anonymousNoJs, admin] = await Promise.all([
    suite.session({ javaScript: true }),
    suite.session({ javaScript: false }),
    suite.session({ javaScript: true, as: { person: p.admin, organisationId: p.id } }),
  ]);
  session = { anonymousJs, anonymousNoJs, admin };
});

describe('signing in without JavaScript', () => {
  it('shows the empty form, then errors for a form sent empty', async () => {
    const signIn = await new SignInPage(session.anonymousNoJs).goto();
    const again = await signIn.submit(signIn.again(), () => signIn.button('Sign in').click());
    await again.expectErrors(['Enter your email address', 'Enter your password']);
  });

  it('signs in with a correct password and signs out again', async () => {
    const signIn = await new SignInPage(session.anonymousNoJs).goto();
    const list = await signIn.signIn(p.chair.email, PASSWORD, new WorkPage(session.anonymousNoJs));
    expect(squash(await list.main.innerText())).toContain('Nothing needs you just now');
    const signedOut = new SignInPage(session.anonymousNoJs, '/sign-in?signed-out=1');
    await list.submit(signedOut, () => list.page.getByRole('button', { name: 'Sign out', exact: true }).click());
    expect(await signedOut.page.locator('.govuk-notification-banner').innerText()).toContain('You have signed out.');
  });

  it('asks an admin for the two-factor code, shows an error for a wrong one and signs in with the right one', async () => {
    const signIn = await new SignInPage(session.anonymousNoJs).goto();
    const step = await signIn.signIn(p.admin.email, PASSWORD, new TwoFactorSignInPage(session.anonymousNoJs));
    const wrong = await step.enter('000000', new TwoFactorSignInPage(session.anonymousNoJs));
    await wrong.expectErrors(['The code is not correct: check your app and try again']);
    const reviews = await wrong.enter(totpCode(), new WorkPage(session.anonymousNoJs));
    expect(await reviews.page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(1);
    await reviews.submit(new SignInPage(session.anonymousNoJs, '/sign-in?signed-out=1'), () =>
      reviews.page.getByRole('button', { name: 'Sign out', exact: true }).click(),
    );
  });
});

describe('signing in with JavaScript', () => {
  it('shows errors for a form sent empty and for a wrong password, keeping the email address', async () => {
    const signIn = await new SignInPage(session.anonymousJs).goto();
    const empty = await signIn.submit(signIn.again(), () => signIn.button('Sign in').click());
    await empty.expectErrors(['Enter your email address', 'Enter your password']);
    const wrong = await empty.signIn(p.chair.email, 'not the password at all', empty.again());
    await wrong.expectErrors(['Enter a correct email address and password']);
    expect(await wrong.email.inputValue()).toBe(p.chair.email);
    expect(await wrong.password.inputValue(), 'the password is never sent back').toBe('');
  });
});

describe('the idle-timeout warning', () => {
  it('appears two minutes before the session ends, is announced, takes focus and passes axe', async () => {
    const admin = session.admin;
    // The script asks GET /session/status when the session ends and sets a timer for 2 minutes before.
    // A fake clock lets the 28 minutes pass at once; the server is then said to end it in 110 seconds.
    await admin.page.clock.install();
    const asked = admin.page.waitForResponse((r) => new URL(r.url()).pathname === '/session/status');
    const sso = await new SsoSettingsPage(admin).goto();
    expect(((await (await asked).json()) as { signedIn: boolean }).signedIn).toBe(true);
    const typed = 'example.gov.uk\nsecond.example.org';
    await sso.allowedDomains.fill(typed);
    await admin.page.route('**/session/status', (route) =>
      route.fulfill({ json: { signedIn: true, idleExpiresInSeconds: 110, absoluteExpiresInSeconds: 40_000 } }),
    );
    await admin.page.clock.fastForward('28:00');

    const dialog = admin.page.getByRole('alertdialog', { name: 'You are about to be signed out' });
    await expect.poll(() => dialog.isVisible(), POLL).toBe(true);
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    const live = dialog.locator('[aria-live]');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    expect(squash(await live.innerText())).toBe('You will be signed out in 2 minutes.');
    expect(squash(await dialog.locator('[data-timeout-countdown]').innerText())).toMatch(/^1 minute \d+ seconds?$/);
    expect(await admin.page.evaluate(() => document.activeElement?.getAttribute('data-module'))).toBe(
      'app-session-timeout',
    );
    await admin.audit();

    // Keyboard: Tab stays in the dialog, on its buttons, with a visible focus indicator.
    await admin.page.keyboard.press('Tab');
    const stay = await focused(admin.page);
    expect(stay.text).toBe('Stay signed in');
    expect(stay.indicatorVisible, stay.indicator).toBe(true);
    await admin.page.keyboard.press('Tab');
    expect((await focused(admin.page)).text).toBe('Sign out');
    await admin.page.keyboard.press('Tab');
    expect((await focused(admin.page)).text).toBe('Stay signed in');

    // "Stay signed in" asks the real server to extend the session, closes, and loses nothing typed.
    await admin.page.unroute('**/session/status');
    const extended = admin.page.waitForResponse((r) => new URL(r.url()).pathname === '/session/extend');
    await admin.page.keyboard.press('Enter');
    const response = await extended;
    expect(response.status()).toBe(200);
    expect(((await response.json()) as { idleExpiresInSeconds: number }).idleExpiresInSeconds).toBeGreaterThan(25 * 60);
    await expect.poll(() => dialog.isVisible(), POLL).toBe(false);
    expect(await sso.allowedDomains.inputValue()).toBe(typed);
    expect(await admin.page.evaluate(() => document.activeElement?.id)).toBe('allowedDomains');
    expect(new URL(admin.page.url()).pathname).toBe('/admin/single-sign-on');
    admin.expectNoConsoleErrors();
  });
});
