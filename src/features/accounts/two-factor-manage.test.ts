import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import {
  KNOWN_SECRET,
  AFTER_SIGN_IN,
  WRONG_CODE_MESSAGE,
  twoFactorTests,
  type TwoFactorWorld,
} from './two-factor.fixture.js';

// Managing two-factor once it is on: new recovery codes, turning it off.
const tf = twoFactorTests();
const { later, codeFor, wrongCodeFor, person, signInWithPassword, signInFully, setUp, auditActions } = tf;
let t: TestApp;
let org: TwoFactorWorld['org'];
let passwordHash: string;
beforeAll(() => {
  ({ t, org, passwordHash } = tf.world);
});

describe('managing two-factor', () => {
  it('creates new recovery codes after a current code; the old ones stop working', async () => {
    const member = await person('member');
    const client = new Client(t.app);
    await signInWithPassword(client, member.email);
    const { secret, codes: old } = await setUp(client);
    later(30_000);
    const confirm = `/account/two-factor/recovery-codes`;
    const wrong = await client.post(confirm, { code: wrongCodeFor(secret) }, { csrfFrom: confirm });
    expect(wrong.statusCode).toBe(400);
    expect(readPage(wrong.body).errorLinks).toEqual([{ text: WRONG_CODE_MESSAGE, href: '#code' }]);

    const res = await client.post(confirm, { code: codeFor(secret) }, { csrfFrom: confirm });
    expect(res.statusCode).toBe(200);
    const fresh = readPage(res.body).all('.app-recovery-codes code');
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(old[0]);
    expect(await auditActions(member.id)).toContain('two_factor.recovery_codes_regenerated');

    const again = new Client(t.app);
    await signInWithPassword(again, member.email);
    const stale = await again.post('/sign-in/two-factor', { code: old[0]! }, { csrfFrom: '/sign-in/two-factor' });
    expect(stale.statusCode).toBe(401);
  });

  it('lets a member turn it off with a current code', async () => {
    const member = await person('member', true);
    const client = await signInFully(member);
    const confirm = '/account/two-factor/turn-off';
    const page = readPage((await client.get(confirm)).body);
    expect(page.h1).toBe('Turn off two-factor authentication');

    // The code just used to sign in cannot be used again.
    const replay = await client.post(confirm, { code: codeFor(KNOWN_SECRET) }, { csrfFrom: confirm });
    expect(replay.statusCode).toBe(400);
    later(30_000);
    const res = await client.post(confirm, { code: codeFor(KNOWN_SECRET) }, { csrfFrom: confirm });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account/two-factor?turned-off=1');
    const after = readPage((await client.get(res.headers.location!)).body);
    expect(after.text('.govuk-notification-banner')).toContain('You have turned off two-factor authentication');
    expect(after.h1).toBe('Set up two-factor authentication');
    expect(await auditActions(member.id)).toContain('two_factor.disabled');

    const fresh = new Client(t.app);
    expect((await signInWithPassword(fresh, member.email)).headers.location).toBe(AFTER_SIGN_IN);
  });

  it('refuses to turn it off for an admin, with a clear message', async () => {
    const admin = await person('admin', true);
    const client = await signInFully(admin);
    const confirm = '/account/two-factor/turn-off';
    const on = readPage((await client.get('/account/two-factor')).body);
    expect(on.root.querySelector(`a[href="${confirm}"]`)).toBeNull();
    expect(on.text('main')).toContain(`you are an admin of ${org.name}`);

    const page = readPage((await client.get(confirm)).body);
    expect(page.text('main')).toContain('You cannot turn off two-factor authentication because');
    expect(page.root.querySelector('form input[name="code"]')).toBeNull();

    later(30_000);
    const res = await client.post(confirm, { code: codeFor(KNOWN_SECRET) }, { csrfFrom: '/account' });
    expect(res.statusCode).toBe(403);
    expect(readPage(res.body).text('main')).toContain(`you are an admin of ${org.name}`);
    const user = await t.testDb.db
      .selectFrom('user_account')
      .select('totp_enabled_at')
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    expect(user.totp_enabled_at).not.toBeNull();
  });

  it('refuses to turn it off where the partnership requires it of everyone', async () => {
    const strict = await insertOrganisation(t.testDb.db, 'Strictshire Safeguarding Adults Board');
    await t.testDb.db.updateTable('organisation').set({ require_two_factor: 1 }).where('id', '=', strict.id).execute();
    const viewer = await insertPerson(t.testDb.db, strict.id, 'viewer', { passwordHash, twoFactor: true });
    const client = await signInFully(viewer);
    later(30_000);
    const res = await client.post(
      '/account/two-factor/turn-off',
      { code: codeFor(KNOWN_SECRET) },
      { csrfFrom: '/account' },
    );
    expect(res.statusCode).toBe(403);
    expect(readPage(res.body).text('main')).toContain(`${strict.name} requires it for everyone`);
  });
});
