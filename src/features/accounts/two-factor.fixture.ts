// What the two-factor tests (two-factor.test.ts, two-factor-sign-in.test.ts, two-factor-manage.test.ts) share:
// an app on a clock they move, a partnership, people with a known password, codes from the app, and the steps
// of signing in and setting up.
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { Client, insertOrganisation, insertPerson, type Person } from '../../../test/helpers/client.js';
import { readPage } from '../../../test/helpers/html.js';
import type { Role } from '../../db/schema.js';
import { hashPassword } from './passwords.js';

export const PASSWORD = 'correct horse battery staple';
/** The secret insertPerson gives people created with `twoFactor: true`. */
export const KNOWN_SECRET = 'JBSWY3DPEHPK3PXP';
/** Where signing in lands when there is no `next`. */
export const AFTER_SIGN_IN = '/work';
export const WRONG_CODE_MESSAGE = 'The code is not correct: check your app and try again';

export interface TwoFactorWorld {
  clock: Date;
  t: TestApp;
  passwordHash: string;
  org: { id: string; slug: string; name: string };
}

/**
 * Builds the app before the file's tests (and closes it after), moves the clock to a fresh 30-second step
 * before each test, and gives the helpers; `world` is filled in once the app is built.
 */
export function twoFactorTests() {
  // Near real time, so sessions made by signedInClient (stamped with the real time) are not idle.
  const w = { clock: new Date(Math.floor(Date.now() / 30_000) * 30_000 + 5_000) } as TwoFactorWorld;
  beforeAll(async () => {
    w.t = await buildTestApp({ clock: () => w.clock });
    w.org = await insertOrganisation(w.t.testDb.db, 'Anytown Safeguarding Children Partnership');
    w.passwordHash = await hashPassword(PASSWORD);
  });
  afterAll(async () => w.t.close());
  beforeEach(() => {
    w.clock = new Date(w.clock.getTime() + 60_000); // a fresh 30-second step for every test
  });

  const later = (ms: number) => {
    w.clock = new Date(w.clock.getTime() + ms);
  };
  const codeFor = (secret: string, at = w.clock) =>
    TOTP.generate({
      secret: Secret.fromBase32(secret),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      timestamp: at.getTime(),
    });
  /** A 6-digit code that matches no step in the ±1 window around now. */
  function wrongCodeFor(secret: string) {
    const valid = new Set([-30_000, 0, 30_000].map((d) => codeFor(secret, new Date(w.clock.getTime() + d))));
    for (let n = 123456; ; n = (n + 1) % 1_000_000) {
      const candidate = String(n).padStart(6, '0');
      if (!valid.has(candidate)) return candidate;
    }
  }

  const person = (role: Role, twoFactor = false) =>
    insertPerson(w.t.testDb.db, w.org.id, role, { passwordHash: w.passwordHash, twoFactor });

  function signInWithPassword(client: Client, email: string, next?: string) {
    return client.post('/sign-in', { email, password: PASSWORD, ...(next ? { next } : {}) });
  }

  /** Signs in with password and a code from the app; returns the client, signed in. */
  async function signInFully(who: Person, secret = KNOWN_SECRET) {
    const client = new Client(w.t.app);
    const res = await signInWithPassword(client, who.email);
    expect(res.headers.location).toBe('/sign-in/two-factor');
    const done = await client.post(
      '/sign-in/two-factor',
      { code: codeFor(secret) },
      { csrfFrom: '/sign-in/two-factor' },
    );
    expect(done.statusCode).toBe(303);
    return client;
  }

  /** Sets up two-factor through the pages; returns the secret and the recovery codes shown once. */
  async function setUp(client: Client) {
    const page = readPage((await client.get('/account/two-factor')).body);
    const secret = page.text('#secret').replace(/\s/g, '');
    const res = await client.post('/account/two-factor', { code: codeFor(secret) }, { csrfFrom: '/account' });
    expect(res.statusCode).toBe(200);
    const codes = readPage(res.body).all('.app-recovery-codes code');
    return { secret, codes, res };
  }

  async function auditActions(userId: string) {
    const rows = await w.t.testDb.db
      .selectFrom('audit_event')
      .select('action')
      .where('user_id', '=', userId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.action);
  }

  return { world: w, later, codeFor, wrongCodeFor, person, signInWithPassword, signInFully, setUp, auditActions };
}
