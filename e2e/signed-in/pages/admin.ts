import type { Locator } from 'playwright-core';
import type { Session } from '../../support/browser.js';
import { PlainPage, SignedInPage } from './base.js';

/** `/admin/people`: the partnership's people, for its admins. */
export class PeoplePage extends SignedInPage {
  readonly path = '/admin/people';
  readonly heading = 'People';

  get rows(): Locator {
    return this.page.locator('table.govuk-table tbody tr');
  }

  openInvite(): Promise<InvitePage> {
    return this.submit(new InvitePage(this.session), () => this.button('Invite someone').click());
  }

  openPerson(name: string, userId: string): Promise<PersonPage> {
    return this.submit(new PersonPage(this.session, userId, name), () =>
      this.main.getByRole('link', { name: `Change ${name}`, exact: true }).click(),
    );
  }
}

/** `/admin/people/invite`: name, email and role. */
export class InvitePage extends SignedInPage {
  readonly path = '/admin/people/invite';
  readonly heading = 'Invite someone';

  private async fill(name: string, email: string, role?: string): Promise<void> {
    await this.field('Full name').fill(name);
    await this.field('Email address').fill(email);
    if (role) await this.main.getByRole('radio', { name: role, exact: true }).check();
  }

  /** Sends the form without a role: the answer is the form with errors. */
  async inviteWithErrors(name: string, email: string): Promise<InvitePage> {
    await this.fill(name, email);
    return this.submit(new InvitePage(this.session), () => this.button('Send invitation').click());
  }

  /** Invites someone; without email set up, the answer is the one-time link to pass on. */
  async invite(name: string, email: string, role: string): Promise<LinkPage> {
    await this.fill(name, email, role);
    const to = new LinkPage(this.session, this.path, 'Invitation link created');
    return this.submit(to, () => this.button('Send invitation').click());
  }
}

/** The one-time link an admin passes on (no email configured): an invitation or a password reset. */
export class LinkPage extends PlainPage {
  get linkInput(): Locator {
    return this.page.locator('#link');
  }

  /** The link's path: the app's public URL in tests is not where this test's app listens. */
  async linkPath(): Promise<string> {
    return new URL(await this.linkInput.inputValue()).pathname;
  }
}

/** `/admin/people/{userId}`: one person's role, password reset and access. */
export class PersonPage extends SignedInPage {
  readonly path: string;
  constructor(
    session: Session,
    readonly userId: string,
    readonly heading: string,
  ) {
    super(session);
    this.path = `/admin/people/${userId}`;
  }

  createResetLink(): Promise<LinkPage> {
    const to = new LinkPage(this.session, `${this.path}/password-reset`, 'Password reset link created');
    return this.submit(to, () => this.button('Create a password reset link').click());
  }

  /** The same, when it is refused: this page again, with the reason. */
  createResetLinkRefused(): Promise<PlainPage> {
    const to = new PlainPage(this.session, `${this.path}/password-reset`, this.heading);
    return this.submit(to, () => this.button('Create a password reset link').click());
  }
}

/** `/admin/settings`: the partnership's name and two-factor rule. */
export class SettingsPage extends SignedInPage {
  readonly path = '/admin/settings';
  readonly heading = 'Partnership settings';

  async saveName(name: string): Promise<SettingsPage> {
    await this.field('Partnership name').fill(name);
    return this.submit(new SettingsPage(this.session), () => this.button('Save settings').click());
  }
}

/** `/admin/audit[?filters]`: the partnership's audit log. */
export class AuditPage extends SignedInPage {
  readonly heading = 'Audit log';
  constructor(
    session: Session,
    readonly path = '/admin/audit',
    override readonly expectedStatus = 200,
  ) {
    super(session);
  }

  get events(): Locator {
    return this.page.locator('table.govuk-table tbody tr');
  }

  /** Chooses an action and a date range with the form, and applies them. */
  async filter(opts: { action?: string; from?: [string, string, string]; to?: [string, string, string] }) {
    if (opts.action) await this.main.getByLabel('Action', { exact: true }).selectOption(opts.action);
    for (const key of ['from', 'to'] as const) {
      const parts = opts[key];
      if (!parts) continue;
      await this.page.locator(`#${key}-day`).fill(parts[0]);
      await this.page.locator(`#${key}-month`).fill(parts[1]);
      await this.page.locator(`#${key}-year`).fill(parts[2]);
    }
    const to = (url: string) => {
      const u = new URL(url);
      return new AuditPage(this.session, `${u.pathname}${u.search}`);
    };
    return this.submit(to, () => this.button('Apply filters').click());
  }
}

/** `/admin/single-sign-on`: OpenID Connect settings. */
export class SsoSettingsPage extends SignedInPage {
  readonly path = '/admin/single-sign-on';
  readonly heading = 'Single sign-on';

  get allowedDomains(): Locator {
    return this.page.locator('#allowedDomains');
  }

  /** Fills in only an issuer that is not a web address, and saves: the answer has errors. */
  async saveWithErrors(issuer: string): Promise<SsoSettingsPage> {
    await this.field('Issuer URL').fill(issuer);
    return this.submit(new SsoSettingsPage(this.session), () => this.button('Save settings').click());
  }
}
