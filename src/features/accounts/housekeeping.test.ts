import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, type Person } from '../../../test/helpers/client.js';
import type { Db } from '../../db/create-db.js';
import { newId } from '../../lib/ids.js';
import { ABSOLUTE_MS, IDLE_MS } from '../../plugins/session.js';
import { deleteStaleRows } from './housekeeping.js';

const NOW = new Date('2026-12-07T09:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const HOUR = 60 * 60 * 1000;

/** Old and live rows of both tables; the names say which should stay. */
async function seed(db: Db, person: Person) {
  const attempt = (email: string, at: string) => ({ id: newId(), email_key: email, succeeded: 0, at, address: null });
  await db
    .insertInto('sign_in_attempt')
    .values([
      attempt('old@example.org', ago(25 * HOUR)),
      attempt('day-old@example.org', ago(24 * HOUR + 1)),
      attempt('recent@example.org', ago(HOUR)),
      attempt('throttling@example.org', ago(60_000)),
    ])
    .execute();
  const session = (name: string, lastSeen: string, expires: string) => ({
    id_hash: name,
    user_id: person.id,
    organisation_id: null,
    second_factor_pending: 0,
    created_at: ago(2 * HOUR),
    last_seen_at: lastSeen,
    expires_at: expires,
  });
  const later = new Date(NOW.getTime() + HOUR).toISOString();
  await db
    .insertInto('session')
    .values([
      session('idle', ago(IDLE_MS), later),
      session('long-idle', ago(3 * HOUR), later),
      session('past-expiry', ago(60_000), NOW.toISOString()),
      session('live', ago(IDLE_MS - 1), later),
      session('just-signed-in', NOW.toISOString(), new Date(NOW.getTime() + ABSOLUTE_MS).toISOString()),
    ])
    .execute();
}

const remaining = async (db: Db) => ({
  attempts: (await db.selectFrom('sign_in_attempt').select('email_key').orderBy('email_key').execute()).map(
    (r) => r.email_key,
  ),
  sessions: (await db.selectFrom('session').select('id_hash').orderBy('id_hash').execute()).map((r) => r.id_hash),
});

const LIVE = {
  attempts: ['recent@example.org', 'throttling@example.org'],
  sessions: ['just-signed-in', 'live'],
};

describe('housekeeping', () => {
  let t: TestApp;
  let person: Person;

  beforeAll(async () => {
    t = await buildTestApp({ clock: () => NOW });
    const org = await insertOrganisation(t.testDb.db, 'Housekeeping');
    person = await insertPerson(t.testDb.db, org.id, 'member');
  });
  afterAll(() => t.close());

  it('deletes attempts older than a day and ended sessions, by the session rule, and leaves live ones', async () => {
    const db = t.testDb.db;
    await seed(db, person);
    expect(await deleteStaleRows(db, NOW)).toEqual({ attempts: 2, sessions: 3 });
    expect(await remaining(db)).toEqual(LIVE);
    // Idempotent: a second run (another process, the next hour) finds nothing to do.
    expect(await deleteStaleRows(db, NOW)).toEqual({ attempts: 0, sessions: 0 });
    expect(await remaining(db)).toEqual(LIVE);
    await db.deleteFrom('session').execute();
    await db.deleteFrom('sign_in_attempt').execute();
  });

  it('runs on the app’s interval and clock, and stops when the app closes', async () => {
    const app = await buildTestApp({ clock: () => NOW, housekeepingEveryMs: 25 });
    const db = app.testDb.db;
    try {
      const org = await insertOrganisation(db, 'Housekeeping on a timer');
      const member = await insertPerson(db, org.id, 'member');
      await seed(db, member);
      await expect.poll(() => remaining(db), { timeout: 5_000, interval: 25 }).toEqual(LIVE);
      await app.app.close();
      await db
        .insertInto('sign_in_attempt')
        .values({
          id: newId(),
          email_key: 'after-close@example.org',
          succeeded: 0,
          at: ago(48 * HOUR),
          address: null,
        })
        .execute();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await remaining(db)).attempts).toContain('after-close@example.org');
    } finally {
      await app.testDb.drop();
    }
  });
});
