import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson } from '../../../test/helpers/client.js';
import { changePassword } from './password-change.service.js';
import { hashPassword, verifyPassword } from './passwords.js';

// Two changes of one person's password at once (two tabs, a double submit): each checks the current
// password before either writes. Exactly one may win; the other must be told its current password is no
// longer right, and the password stored must be the winner's.

const CURRENT = 'correct horse battery staple';
const actor = { userId: null, organisationId: null, ip: '127.0.0.1', userAgent: 'test' };
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('changing a password twice at once', () => {
  it('lets exactly one change win and keeps the winner’s password', async () => {
    const org = await insertOrganisation(t.testDb.db, 'Anytown Partnership');
    const person = await insertPerson(t.testDb.db, org.id, 'member', { passwordHash: await hashPassword(CURRENT) });
    const change = (newPassword: string) =>
      changePassword(
        t.testDb.db,
        { userId: person.id, currentPassword: CURRENT, newPassword, keepSessionIdHash: null },
        actor,
      );
    const tries = ['first new password for the race', 'second new password for the race'];
    const results = await Promise.all(tries.map(change));

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'wrong-current' }]);
    const winner = tries[results.findIndex((r) => r.ok)]!;
    const loser = tries.find((p) => p !== winner)!;
    const { password_hash } = await t.testDb.db
      .selectFrom('user_account')
      .select('password_hash')
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(winner, password_hash!)).toBe(true);
    expect(await verifyPassword(loser, password_hash!)).toBe(false);
    expect(await verifyPassword(CURRENT, password_hash!)).toBe(false);
    const changes = await t.testDb.db
      .selectFrom('audit_event')
      .select('action')
      .where('user_id', '=', person.id)
      .where('action', '=', 'password.changed')
      .execute();
    expect(changes).toHaveLength(1);
  });
});
