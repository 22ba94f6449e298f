// What the password change tests (password-change.test.ts, password-change-refusals.test.ts) share: an app,
// a partnership, people with a known password, and the reads and posts the tests make.
import { afterAll, beforeAll, expect } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, signedInClient, type Person } from '../../../test/helpers/client.js';
import type { Page } from '../../../test/helpers/html.js';
import { hashPassword } from './passwords.js';

export const OLD_PASSWORD = 'correct horse battery staple';
export const NEW_PASSWORD = 'periwinkle harbour compass';
export const PAGE = '/account/password';
export const TITLE = 'Change your password – Quality Markers';

export interface PasswordChangeWorld {
  t: TestApp;
  org: { id: string; slug: string; name: string };
  oldHash: string;
}

/** Builds the app before the file's tests and closes it after; `world` is filled in once it is built. */
export function passwordChangeTests() {
  const w = {} as PasswordChangeWorld;
  beforeAll(async () => {
    w.t = await buildTestApp();
    w.org = await insertOrganisation(w.t.testDb.db, 'Anytown Safeguarding Children Partnership');
    w.oldHash = await hashPassword(OLD_PASSWORD);
  });
  afterAll(async () => w.t.close());

  const person = (opts: { role?: 'member' | 'admin'; sso?: boolean } = {}): Promise<Person> =>
    insertPerson(w.t.testDb.db, w.org.id, opts.role ?? 'member', { passwordHash: opts.sso ? undefined : w.oldHash });

  const clientOf = (who: Person) => signedInClient(w.t.app, w.t.testDb.db, who, w.org.id);

  const storedHash = async (who: Person) =>
    (
      await w.t.testDb.db
        .selectFrom('user_account')
        .select('password_hash')
        .where('id', '=', who.id)
        .executeTakeFirstOrThrow()
    ).password_hash;

  const sessionsOf = async (who: Person) =>
    (await w.t.testDb.db.selectFrom('session').select('id_hash').where('user_id', '=', who.id).execute()).length;

  const auditOf = (who: Person, action: string) =>
    w.t.testDb.db
      .selectFrom('audit_event')
      .select(['user_id', 'object_id', 'detail'])
      .where('user_id', '=', who.id)
      .where('action', '=', action)
      .execute();

  const signIn = (email: string, password: string) => new Client(w.t.app).post('/sign-in', { email, password });

  const change = (client: Client, fields: Partial<Record<'current' | 'next' | 'confirm', string>>) =>
    client.post(PAGE, {
      currentPassword: fields.current ?? '',
      newPassword: fields.next ?? '',
      confirmPassword: fields.confirm ?? '',
    });

  /** The three password fields are empty: no password typed is ever sent back. */
  function expectEmptyPasswordFields(page: Page) {
    const inputs = page.root.querySelectorAll('input[type="password"]');
    expect(inputs.map((i) => i.id)).toEqual(['currentPassword', 'newPassword', 'confirmPassword']);
    for (const input of inputs) expect(input.getAttribute('value') ?? '', input.id).toBe('');
  }

  return { world: w, person, clientOf, storedHash, sessionsOf, auditOf, signIn, change, expectEmptyPasswordFields };
}
