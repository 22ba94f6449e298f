// Migration 2026-12-08T0300: review_clock_stale's marks get a token instead of a generation. The marks
// there survive, the triggers are the same ones on the same tables and columns and now give a fresh token
// at every write, and down puts back the 2026-12-07T2100 triggers exactly.
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrganisation } from '../../test/helpers/client.js';
import { createTestDb, type TestDb } from '../../test/helpers/db.js';
import { reviewRow } from '../../test/helpers/reviews.js';
import { newId } from '../lib/ids.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';

const BEFORE = '2026-12-08T0100-learning-summary';

let t: TestDb;
let migrator: Migrator;
const db = () => t.db;

beforeAll(async () => {
  t = await createTestDb();
  migrator = new Migrator({ db: t.db, provider: { getMigrations: () => Promise.resolve(migrations) } });
});
afterAll(async () => t.drop());

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The clock triggers (and on PostgreSQL their functions), by name, as the database holds them. */
async function clockTriggers(): Promise<Record<string, string>> {
  const query =
    t.kind === 'postgres'
      ? sql<{ name: string; text: string }>`
          select tgname as name, pg_get_triggerdef(oid) as text from pg_trigger
            where not tgisinternal and tgname like 'review_clock_%'
          union all
          select proname, prosrc from pg_proc where proname like 'review_clock_%'`
      : sql<{ name: string; text: string }>`
          select name, sql as text from sqlite_master where type = 'trigger' and name like 'review_clock_%'`;
  const { rows } = await query.execute(db());
  return Object.fromEntries(rows.map((r) => [r.name, oneLine(r.text)]));
}

/** What fires a trigger: its table, events, columns and condition, without what it does. */
const firing = (defs: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(defs)
      .filter(([, text]) => text.startsWith('CREATE TRIGGER'))
      .map(([name, text]) => [name, text.split(/ BEGIN /)[0]]),
  );

async function migrateTo(name: string) {
  const { error } = await migrator.migrateTo(name);
  expect(error).toBeUndefined();
}

const marks = () => db().selectFrom('review_clock_stale').select(['review_id', 'token']).orderBy('review_id').execute();
const tokenOf = async (reviewId: string) => (await marks()).find((m) => m.review_id === reviewId)?.token;

describe('migration 2026-12-08T0300-review-clock-stale-token', () => {
  let org: { id: string };
  let child: ReturnType<typeof reviewRow>;
  let sar: ReturnType<typeof reviewRow>;

  it('keeps every mark there, each with a token of its own, and the same triggers', async () => {
    // The 2026-12-07T2100 triggers as that migration writes them: undo it, and run it again.
    await migrateTo('2026-12-07T1750-reviewer-told-and-referral-edits');
    await migrateTo(BEFORE);
    const original = await clockTriggers();
    expect(Object.keys(original).length).toBeGreaterThanOrEqual(6);

    org = await insertOrganisation(db(), 'Token Migration Partnership');
    child = reviewRow(org.id, { awareness_date: '2026-11-02' });
    sar = reviewRow(org.id, { type: 'sar', referral_date: '2026-10-01' });
    await db().insertInto('review').values([child, sar]).execute();
    await db().updateTable('review').set({ awareness_date: '2026-11-03' }).where('id', '=', child.id).execute();
    const { rows: before } = await sql<{ review_id: string; generation: number }>`
      select review_id, generation from review_clock_stale order by review_id`.execute(db());
    expect(before).toEqual(
      [
        { review_id: child.id, generation: 2 },
        { review_id: sar.id, generation: 1 },
      ].sort((a, b) => a.review_id.localeCompare(b.review_id)),
    );

    await migrateToLatest(db());
    const after = await marks();
    expect(after.map((m) => m.review_id)).toEqual(before.map((m) => m.review_id));
    expect(after.every((m) => /^[0-9a-f]{16,32}$/i.test(m.token))).toBe(true);
    expect(new Set(after.map((m) => m.token)).size).toBe(after.length);
    const columns = (await db().introspection.getTables()).find((x) => x.name === 'review_clock_stale')!.columns;
    expect(columns.map((c) => c.name).sort()).toEqual(['organisation_id', 'review_id', 'token']);
    expect(firing(await clockTriggers())).toEqual(firing(original));

    // Down puts the old triggers back as they were.
    await migrateTo(BEFORE);
    expect(await clockTriggers()).toEqual(original);
    await migrateToLatest(db());
  });

  it('gives the mark a new token at every change to what the deadlines depend on, and only then', async () => {
    let token = await tokenOf(child.id);
    const changed = async (reviewId: string) => {
      const now = await tokenOf(reviewId);
      const differs = now !== undefined && now !== token;
      token = now;
      return differs;
    };
    await db().updateTable('review').set({ title: 'Renamed' }).where('id', '=', child.id).execute();
    expect(await changed(child.id)).toBe(false);
    await db().updateTable('review').set({ awareness_date: '2026-11-04' }).where('id', '=', child.id).execute();
    expect(await changed(child.id)).toBe(true);

    const pause = {
      id: newId(),
      organisation_id: org.id,
      review_id: child.id,
      clock_key: 'notification',
      kind: 'pause' as const,
      new_due_date: null,
      agreed_by: null,
      agreed_on: null,
      paused_from: '2026-11-05',
      paused_to: null,
      reason: 'Waiting for the police',
      created_at: new Date().toISOString(),
      created_by: null,
    };
    await db().insertInto('review_clock_change').values(pause).execute();
    expect(await changed(child.id)).toBe(true);
    await db().updateTable('review_clock_change').set({ paused_to: '2026-11-06' }).where('id', '=', pause.id).execute();
    expect(await changed(child.id)).toBe(true);
    await db().deleteFrom('review_clock_change').where('id', '=', pause.id).execute();
    expect(await changed(child.id)).toBe(true);

    // A new review is marked; the partnership's SAR target marks its SARs, not its other reviews.
    const added = reviewRow(org.id);
    await db().insertInto('review').values(added).execute();
    expect(await tokenOf(added.id)).toMatch(/^[0-9a-f]{16,32}$/i);
    token = await tokenOf(sar.id);
    const childToken = await tokenOf(child.id);
    await db().updateTable('organisation').set({ sar_target_months: 9 }).where('id', '=', org.id).execute();
    expect(await changed(sar.id)).toBe(true);
    expect(await tokenOf(child.id)).toBe(childToken);
  });
});
