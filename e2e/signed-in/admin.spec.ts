import { beforeAll, describe, expect, it } from 'vitest';
import { partsOf } from '../../src/lib/date-input.js';
import { londonDate } from '../../src/lib/uk-time.js';
import { insertOrganisation, insertPerson, type Person } from '../../test/helpers/client.js';
import type { Session } from '../support/browser.js';
import { seedAccountsPartnership } from './accounts-world.js';
import { forgottenPasswordPage, InvitationPage, PasswordResetPage } from './pages/accounts.js';
import { AuditPage, InvitePage, PeoplePage, PersonPage, SettingsPage, SsoSettingsPage } from './pages/admin.js';
import { PlainPage, squash } from './pages/base.js';
import { useSignedInSuite, type Partnership } from './support.js';

// The partnership admin's pages (issue 3), and the pages their one-time links lead to: each page in each
// of its states loads with its heading, passes axe (WCAG 2.2 AA) and logs no console errors.
const suite = useSignedInSuite();

let p: Partnership;
let session: { anonymousJs: Session; admin: Session };
/** Someone with an account in another partnership, whom the admin invites. */
let existing: Person;

beforeAll(async () => {
  const db = suite.app.db;
  p = await seedAccountsPartnership(db);
  existing = await insertPerson(db, (await insertOrganisation(db, 'Elsewhere Safeguarding Adults Board')).id, 'member');
  const [anonymousJs, admin] = await Promise.all([
    suite.session({ javaScript: true }),
    suite.session({ javaScript: true, as: { person: p.admin, organisationId: p.id } }),
  ]);
  session = { anonymousJs, admin };
});

describe('admin pages', () => {
  let resetPath: string;
  let invitationPath: string;
  let existingInvitationPath: string;

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

  it('makes an invitation for someone who already has an account in another partnership', async () => {
    const invite = await new InvitePage(session.admin).goto();
    const link = await invite.invite(existing.name, existing.email, 'Member');
    existingInvitationPath = await link.linkPath();
    expect(existingInvitationPath).toMatch(/^\/invitations\/\S+$/);
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

  it('asks before disabling a person, then shows them disabled', async () => {
    const panel = await new PersonPage(session.admin, p.panel.id, p.panel.name).goto();
    const heading = `Are you sure you want to disable ${p.panel.name}?`;
    const confirm = await panel.submit(new PlainPage(session.admin, `${panel.path}/disable`, heading), () =>
      panel.main.getByRole('button', { name: 'Disable account' }).click(),
    );
    const disabled = await confirm.submit(new PersonPage(session.admin, p.panel.id, p.panel.name), () =>
      confirm.button('Disable account').click(),
    );
    expect(disabled.params().get('done')).toBe('disabled');
    expect(squash(await disabled.main.innerText())).toContain(`${p.panel.name} cannot sign in to this partnership.`);
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
    // The settings saved by the test above: this spec signs no one in through the form.
    const filtered = await audit.filter({ action: 'organisation.settings_changed', from: today, to: today });
    expect(filtered.params().get('action')).toBe('organisation.settings_changed');
    const actions = await filtered.events.locator('td:nth-child(3)').allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    expect([...new Set(actions.map(squash))]).toEqual(['organisation.settings_changed']);

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

    it('shows the page once someone who already has an account accepts an invitation', async () => {
      const invitation = await new InvitationPage(session.anonymousJs, existingInvitationPath).goto();
      await invitation.submit(new PlainPage(session.anonymousJs, '/invitations/accepted', 'Invitation accepted'), () =>
        invitation.button('Accept invitation').click(),
      );
    });

    it('shows the forgotten-password page, and the page once a link is sent', async () => {
      const page = await forgottenPasswordPage(session.anonymousJs).goto();
      expect(squash(await page.main.innerText())).toContain('Ask an admin of your partnership');
      // Reached by sending the form when the service can send email, which this app cannot: opened directly.
      await new PlainPage(session.anonymousJs, '/sign-in/forgotten-password/sent', 'Check your email').goto();
    });

    it('shows the password reset page, errors, and the page once the password is changed', async () => {
      const reset = await new PasswordResetPage(session.anonymousJs, resetPath).goto();
      const errors = await reset.chooseWithErrors('lantern orchard pebble 8', 'something else entirely');
      await errors.expectErrors(['Enter the same password twice']);
      await errors.field('New password').fill('harbour thistle rocket 5');
      await errors.field('Confirm new password').fill('harbour thistle rocket 5');
      const done = new PlainPage(session.anonymousJs, '/password-reset/done', 'Your password has been changed');
      await errors.submit(done, () => errors.main.getByRole('button', { name: 'Save new password' }).click());
    });
  });
});
