import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/features/accounts/passwords.js';
import { insertOrganisation, insertPerson, type Person } from '../../test/helpers/client.js';
import type { Session } from '../support/browser.js';
import { OTHER_PARTNERSHIP, seedAccountsPartnership } from './accounts-world.js';
import {
  accountPage,
  partnershipsPage,
  PasswordChangePage,
  SignInPage,
  TokensPage,
  TwoFactorSetupPage,
} from './pages/accounts.js';
import { PlainPage, squash } from './pages/base.js';
import { WorkPage } from './pages/work.js';
import { PASSWORD, totpCode, useSignedInSuite, type Partnership } from './support.js';

// Your account (issue 3): choosing a partnership, the account page, two-factor, API tokens and changing
// your password; each page in each of its states loads with its heading, passes axe (WCAG 2.2 AA) and
// logs no console errors.
const suite = useSignedInSuite();

let p: Partnership;
let session: { lead: Session };

beforeAll(async () => {
  p = await seedAccountsPartnership(suite.app.db);
  session = { lead: await suite.session({ javaScript: true, as: { person: p.lead, organisationId: null } }) };
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
    expect(text).toContain(OTHER_PARTNERSHIP);
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
    // Someone of their own, in a partnership of their own, whose other session ends when they change it.
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

describe('managing two-factor authentication', () => {
  let holder: { noJs: Session; js: Session };
  const ON = (s: Session, path: string, heading: string, status = 200) => new PlainPage(s, path, heading, status);
  const NEW_CODES = 'Create new recovery codes';
  const TURN_OFF = 'Turn off two-factor authentication';

  beforeAll(async () => {
    // A member with two-factor on, in a partnership of their own that does not require it.
    const db = suite.app.db;
    const org = await insertOrganisation(db, 'Codeford Safeguarding Children Partnership');
    const person = await insertPerson(db, org.id, 'member', { twoFactor: true });
    const as = { person, organisationId: org.id };
    const [noJs, js] = await Promise.all([
      suite.session({ javaScript: false, as }),
      suite.session({ javaScript: true, as }),
    ]);
    holder = { noJs, js };
  });

  it('with JavaScript: shows the pages that ask for a code before new recovery codes or turning it off', async () => {
    await ON(holder.js, '/account/two-factor/recovery-codes', NEW_CODES).goto();
    await ON(holder.js, '/account/two-factor/turn-off', TURN_OFF).goto();
  });

  it('without JavaScript: makes new recovery codes after a wrong code, then turns it off with one of them', async () => {
    const on = await ON(holder.noJs, '/account/two-factor', 'Two-factor authentication').goto();
    const confirm = await on.submit(ON(holder.noJs, '/account/two-factor/recovery-codes', NEW_CODES), () =>
      on.main.getByRole('button', { name: NEW_CODES }).click(),
    );
    await confirm.field('Enter the 6-digit code from your authenticator app').fill('000000');
    const wrong = await confirm.submit(ON(holder.noJs, confirm.path, NEW_CODES), () =>
      confirm.button(NEW_CODES).click(),
    );
    await wrong.expectErrors(['The code is not correct: check your app and try again']);
    await wrong.field('Enter the 6-digit code from your authenticator app').fill(totpCode());
    const codes = await wrong.submit(ON(holder.noJs, confirm.path, 'Your new recovery codes'), () =>
      wrong.button(NEW_CODES).click(),
    );
    const recoveryCodes = (await codes.page.locator('.app-recovery-codes code').allInnerTexts()).map(squash);
    expect(recoveryCodes).toHaveLength(10);

    const turnOff = await ON(holder.noJs, '/account/two-factor/turn-off', TURN_OFF).goto();
    const byRecovery = await turnOff.submit(
      ON(holder.noJs, '/account/two-factor/turn-off?method=recovery-code', TURN_OFF),
      () => turnOff.main.getByRole('link', { name: 'I cannot use my authenticator app' }).click(),
    );
    await byRecovery.field('Enter one of your recovery codes').fill(recoveryCodes[0]!);
    const off = await byRecovery.submit(new TwoFactorSetupPage(holder.noJs), () => byRecovery.button(TURN_OFF).click());
    expect(off.params().get('turned-off')).toBe('1');
  });
});
