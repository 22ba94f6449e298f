import type { Locator } from 'playwright-core';
import type { Session } from '../../support/browser.js';
import type { AppPage } from '../../pages/app-page.js';
import { PlainPage, SignedInPage } from './base.js';

/** `/sign-in`: email and password. */
export class SignInPage extends SignedInPage {
  readonly heading = 'Sign in';
  constructor(
    session: Session,
    readonly path = '/sign-in',
    override readonly expectedStatus = 200,
  ) {
    super(session);
  }

  get email(): Locator {
    return this.field('Email address');
  }

  get password(): Locator {
    return this.field('Password');
  }

  /** Fills the form and presses "Sign in"; checks and returns the page it leads to. */
  async signIn<T extends AppPage>(email: string, password: string, to: T): Promise<T> {
    await this.email.fill(email);
    await this.password.fill(password);
    return this.submit(to, () => this.button('Sign in').click());
  }

  /** The same page again, with errors (same URL, answered with 400 or 401). */
  again(): SignInPage {
    return new SignInPage(this.session);
  }
}

/** `/sign-in/two-factor`: the second step of signing in. */
export class TwoFactorSignInPage extends SignedInPage {
  readonly path = '/sign-in/two-factor';
  readonly heading = 'Enter the 6-digit code from your authenticator app';

  get code(): Locator {
    return this.page.locator('#code');
  }

  async enter<T extends AppPage>(code: string, to: T): Promise<T> {
    await this.code.fill(code);
    return this.submit(to, () => this.button('Continue').click());
  }
}

/** `/account/two-factor` when two-factor is off: the QR code, the key and the code to turn it on. */
export class TwoFactorSetupPage extends SignedInPage {
  readonly path = '/account/two-factor';
  readonly heading = 'Set up two-factor authentication';

  get qrCode(): Locator {
    return this.page.locator('.app-qr-code-wrapper svg');
  }

  async enter(code: string): Promise<TwoFactorSetupPage> {
    await this.page.locator('#code').fill(code);
    return this.submit(new TwoFactorSetupPage(this.session), () =>
      this.button('Turn on two-factor authentication').click(),
    );
  }
}

export const accountPage = (s: Session) => new PlainPage(s, '/account', 'Your account');
export const partnershipsPage = (s: Session) =>
  new PlainPage(s, '/partnerships', 'Which partnership are you working in?');
export const forgottenPasswordPage = (s: Session) =>
  new PlainPage(s, '/sign-in/forgotten-password', 'Reset your password');

/** `/account/tokens`: the person's API tokens. */
export class TokensPage extends SignedInPage {
  readonly path = '/account/tokens';
  readonly heading = 'API tokens';

  get rows(): Locator {
    return this.page.locator('table.govuk-table tbody tr');
  }

  openNew(): Promise<NewTokenPage> {
    return this.submit(new NewTokenPage(this.session), () => this.button('Create a token').click());
  }
}

/** `/account/tokens/new`: name, scopes and expiry. */
export class NewTokenPage extends SignedInPage {
  readonly path = '/account/tokens/new';
  readonly heading = 'Create an API token';

  /** Presses "Create token" with what is filled in; the answer is this form with errors. */
  createWithErrors(): Promise<NewTokenPage> {
    return this.submit(new NewTokenPage(this.session), () => this.button('Create token').click());
  }

  async create(name: string, scope: 'Read' | 'Write', expiry: string): Promise<TokenCreatedPage> {
    await this.field('Token name').fill(name);
    await this.main.getByRole('checkbox', { name: scope, exact: true }).check();
    await this.main.getByRole('radio', { name: expiry, exact: true }).check();
    return this.submit(new TokenCreatedPage(this.session), () => this.button('Create token').click());
  }
}

/** The answer to creating a token: the token, shown once. */
export class TokenCreatedPage extends SignedInPage {
  readonly path = '/account/tokens/new';
  readonly heading = 'Token created';

  get token(): Locator {
    return this.page.locator('#token');
  }
}

/** `/invitations/{token}`: accepting an invitation and creating an account. */
export class InvitationPage extends SignedInPage {
  readonly heading = 'Accept your invitation';
  constructor(
    session: Session,
    readonly path: string,
  ) {
    super(session);
  }

  async acceptWithErrors(name: string, password: string): Promise<InvitationPage> {
    await this.field('Full name').fill(name);
    await this.field('Create a password').fill(password);
    return this.submit(new InvitationPage(this.session, this.path), () =>
      this.button('Accept and create account').click(),
    );
  }
}

/** `/password-reset/{token}`: choosing a new password. */
export class PasswordResetPage extends SignedInPage {
  readonly heading = 'Choose a new password';
  constructor(
    session: Session,
    readonly path: string,
  ) {
    super(session);
  }

  async chooseWithErrors(password: string, confirm: string): Promise<PasswordResetPage> {
    await this.field('New password').fill(password);
    await this.field('Confirm new password').fill(confirm);
    const button = this.main
      .getByRole('button')
      .filter({ hasNotText: /show|hide/i })
      .last();
    return this.submit(new PasswordResetPage(this.session, this.path), () => button.click());
  }
}

/** `/account/password`: changing your own password with the current one. */
export class PasswordChangePage extends SignedInPage {
  readonly path = '/account/password';
  readonly heading = 'Change your password';

  /** Fills the three fields and presses "Change password"; checks and returns the page it leads to. */
  async change<T extends AppPage>(current: string, next: string, confirm: string, to: T): Promise<T> {
    await this.field('Current password').fill(current);
    await this.field('New password').fill(next);
    await this.field('Confirm new password').fill(confirm);
    return this.submit(to, () => this.button('Change password').click());
  }

  /** This form again, as the answer to sending it with errors. */
  again(): PasswordChangePage {
    return new PasswordChangePage(this.session);
  }

  /** What the three password fields hold now. */
  async values(): Promise<string[]> {
    return Promise.all(
      ['Current password', 'New password', 'Confirm new password'].map((label) => this.field(label).inputValue()),
    );
  }
}
