import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/features/accounts/passwords.js';
import { partsOf } from '../../src/lib/date-input.js';
import { londonDate } from '../../src/lib/uk-time.js';
import { insertOrganisation, insertPerson, type Person } from '../../test/helpers/client.js';
import type { Session } from '../support/browser.js';
import { focused } from '../support/focus.js';
import {
  accountPage,
  forgottenPasswordPage,
  InvitationPage,
  partnershipsPage,
  PasswordChangePage,
  PasswordResetPage,
  SignInPage,
  TokensPage,
  TwoFactorSetupPage,
  TwoFactorSignInPage,
} from './pages/accounts.js';
import { AuditPage, PeoplePage, PersonPage, SettingsPage, SsoSettingsPage } from './pages/admin.js';
import { squash } from './pages/base.js';
import { PASSWORD, seedPartnership, totpCode, useSignedInSuite, type Partnership } from './support.js';
import { WorkPage } from './pages/work.js';

// Signing in and the account and admin pages (issue 3): each page in each of its states loads with its
// heading, passes axe (WCAG 2.2 AA) and logs no console errors. Signing in, with and without two-factor,
// is done with JavaScript off; the idle-timeout warning is checked with it on.
const suite = useSignedInSuite();
const POLL = { timeout: 5_000 };

let p: Partnership;
let session: { anonymousJs: Session; anonymousNoJs: Session; lead: Session; admin: Session };

beforeAll(async () => {
  const db = suite.app.db;
  p = await seedPartnership(db, 'Anytown Safeguarding Children Partnership');
  // The lead also belongs to a second partnership, so they choose one after signing in.
  const other = await insertOrganisation(db, 'Otherby Safeguarding Adults Board');
  await insertPerson(db, other.id, 'viewer', { email: p.lead.email });
  const [anonymousJs, anonymousNoJs, lead, admin] = await Promise.all([
    suite.session({ javaScript: true }),
    suite.session({ javaScript: false }),
    suite.session({ javaScript: true, as: { person: p.lead, organisationId: null } }),
    suite.session({ javaScript: true, as: { person: p.admin, organisationId: p.id } }),
  ]);
  session = { anonymousJs, anonymousNoJs, lead, admin };
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

describe('your account', () => {
  it('asks someone in two partnerships to choose one, with an error if they choose none', async () => {
    const choose = await partnershipsPage(session.lead).goto();
    const again = await choose.submit(partnershipsPage(session.lead), () => choose.button('Continue').click());
    await again.expectErrors(['Select the partnership you want to work in']);
    await again.main.getByRole('radio', { name: p.name, exact: true }).check();
    await again.submit(new WorkPage(session.lead), () => again.button('Continue').click());
  });

  it('shows the account page with both partnerships', async () => {
    const account = await accountPage(session.lead).goto();
    const text = squash(await account.main.innerText());
    expect(text).toContain(p.lead.email);
    expect(text).toContain('Otherby Safeguarding Adults Board');
  });

  it('shows the two-factor set-up page with its QR code, and an error for a code that is not 6 digits', async () => {
    const setup = await new TwoFactorSetupPage(session.lead).goto();
    expect(await setup.qrCode.count()).toBe(1);
    const wrong = await setup.enter('12345');
    await wrong.expectErrors(['The code must be 6 digits, like 123456']);
  });

  it('lists no API tokens, shows errors on the new-token form, creates one and lists it', async () => {
    const tokens = await new TokensPage(session.lead).goto();
    expect(await tokens.rows.count()).toBe(0);
    const form = await tokens.openNew();
    const errors = await form.createWithErrors();
    await errors.expectErrors([
      'Enter a name for the token',
      'Select what the token can do',
      'Select when the token expires',
    ]);
    const created = await errors.create('Reporting dashboard', 'Read', '90 days');
    expect(await created.token.inputValue()).toMatch(/\S{20,}/);
    const listed = await new TokensPage(session.lead).goto();
    expect(await listed.rows.count()).toBe(1);
    expect(squash(await listed.rows.first().innerText())).toContain('Reporting dashboard');
  });
});

describe('changing your password', () => {
  const NEW_PASSWORD = 'periwinkle harbour compass';
  let changer: { person: Person; noJs: Session; js: Session };

  beforeAll(async () => {
    // Someone of their own, in a partnership of their own, so the people counted below stay the same.
    const db = suite.app.db;
    const org = await insertOrganisation(db, 'Changeton Safeguarding Adults Board');
    const person = await insertPerson(db, org.id, 'member', { passwordHash: await hashPassword(PASSWORD) });
    const as = { person, organisationId: org.id };
    const [noJs, js] = await Promise.all([
      suite.session({ javaScript: false, as }),
      suite.session({ javaScript: true, as }),
    ]);
    changer = { person, noJs, js };
  });

  it('without JavaScript: shows the empty form, then errors, with every password field emptied', async () => {
    const account = await accountPage(changer.noJs).goto();
    const form = new PasswordChangePage(changer.noJs);
    await account.submit(form, () => account.main.getByRole('link', { name: 'Change password' }).click());
    const empty = await form.change('', '', '', form.again());
    await empty.expectErrors([
      'Enter your current password',
      'Enter your new password',
      'Enter your new password again',
    ]);
    const wrong = await empty.change('not my password at all', NEW_PASSWORD, NEW_PASSWORD, empty.again());
    await wrong.expectErrors(['The current password is wrong']);
    expect(await wrong.values(), 'passwords are never sent back').toEqual(['', '', '']);
  });

  it('with JavaScript: shows errors, then changes the password and says so on the account page', async () => {
    const form = await new PasswordChangePage(changer.js).goto();
    const mismatch = await form.change(PASSWORD, NEW_PASSWORD, 'periwinkle harbour compasses', form.again());
    await mismatch.expectErrors(['Enter the same new password twice']);
    expect(await mismatch.values()).toEqual(['', '', '']);
    const account = await mismatch.change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD, accountPage(changer.js));
    expect(await account.successText()).toContain('Your password has been changed.');
    // The session without JavaScript was another of this person's sessions: it has ended.
    await changer.noJs.page.goto('/account');
    await new SignInPage(changer.noJs).expectLoaded();
    expect(new URL(changer.noJs.page.url()).searchParams.get('next')).toBe('/account');
  });
});

describe('admin pages', () => {
  let resetPath: string;
  let invitationPath: string;

  it('lists the people, shows the invitation form empty and with errors, and the one-time link', async () => {
    const people = await new PeoplePage(session.admin).goto();
    expect(await people.rows.count()).toBe(4);
    const invite = await people.openInvite();
    const errors = await invite.inviteWithErrors('', 'not-an-email');
    await errors.expectErrors([
      'Enter their full name',
      'Enter an email address in the correct format, like name@example.com',
      'Select a role',
    ]);
    const link = await errors.invite('Dana Reviewer', 'dana.reviewer@example.org', 'Member');
    invitationPath = await link.linkPath();
    expect(invitationPath).toMatch(/^\/invitations\/\S+$/);
  });

  it('shows a person, and makes a password reset link (refused for someone in two partnerships)', async () => {
    const people = await new PeoplePage(session.admin).goto();
    const lead = await people.openPerson(p.lead.name, p.lead.id);
    const refused = await lead.createResetLinkRefused();
    await refused.expectErrors([
      'This person also belongs to another partnership, so only they can reset their password, from the sign-in page',
    ]);
    const chair = await new PersonPage(session.admin, p.chair.id, p.chair.name).goto();
    const link = await chair.createResetLink();
    resetPath = await link.linkPath();
    expect(resetPath).toMatch(/^\/password-reset\/\S+$/);
  });

  it('shows the partnership settings, an error for an empty name, and saves', async () => {
    const settings = await new SettingsPage(session.admin).goto();
    const errors = await settings.saveName('');
    await errors.expectErrors(['Enter the name of the partnership']);
    const saved = new SettingsPage(session.admin);
    await errors.field('Partnership name').fill(p.name);
    await errors.submit(saved, () => errors.button('Save settings').click());
    expect(await saved.successBanner.count()).toBe(1);
  });

  it('shows the audit log, filtered by action and date, and an error for a date that does not exist', async () => {
    const audit = await new AuditPage(session.admin).goto();
    expect(await audit.events.count()).toBeGreaterThan(0);
    const { day, month, year } = partsOf(londonDate(new Date()));
    const today: [string, string, string] = [day, month, year];
    const filtered = await audit.filter({ action: 'sign_in.succeeded', from: today, to: today });
    expect(filtered.params().get('action')).toBe('sign_in.succeeded');
    const actions = await filtered.events.locator('td:nth-child(3)').allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    expect([...new Set(actions.map(squash))]).toEqual(['sign_in.succeeded']);

    const bad = new AuditPage(session.admin, '/admin/audit?from-day=31&from-month=2&from-year=2026', 400);
    const errors = await bad.goto();
    await errors.expectErrors(['Date from must be a real date']);
    expect(await errors.events.count()).toBe(0);
  });

  it('shows the single sign-on settings, and errors', async () => {
    const sso = await new SsoSettingsPage(session.admin).goto();
    const errors = await sso.saveWithErrors('not a web address');
    const summary = (await errors.errorSummary.locator('a').allInnerTexts()).map(squash);
    expect(summary).toContain('Enter the client ID');
    expect(summary).toContain('Enter at least one email domain, like example.gov.uk');
    await errors.expectErrors(summary);
  });

  describe('signed out', () => {
    it('shows the invitation to accept, and errors', async () => {
      const invitation = await new InvitationPage(session.anonymousJs, invitationPath).goto();
      const errors = await invitation.acceptWithErrors('', 'short');
      await errors.expectErrors(['Enter your full name', 'Password must be 12 characters or more']);
    });

    it('shows the forgotten-password page', async () => {
      const page = await forgottenPasswordPage(session.anonymousJs).goto();
      expect(squash(await page.main.innerText())).toContain('Ask an admin of your partnership');
    });

    it('shows the password reset page, and errors', async () => {
      const reset = await new PasswordResetPage(session.anonymousJs, resetPath).goto();
      const errors = await reset.chooseWithErrors('lantern orchard pebble 8', 'something else entirely');
      await errors.expectErrors(['Enter the same password twice']);
    });
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
