import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliFailure } from '../../../test/helpers/cli.js';
import { insertOrganisation, insertPerson } from '../../../test/helpers/client.js';
import { createTestDb, testDbKind, testFilesDir, type TestDb } from '../../../test/helpers/db.js';
import { reviewRow } from '../../../test/helpers/reviews.js';
import { createDb, type Db } from '../../db/create-db.js';
import { builtInCatalogue } from '../frameworks/frameworks.service.js';

/**
 * `quality-markers demo seed`, run in this process (test/helpers/cli.ts) against this project's database:
 * a SQLite file the CLI makes in its DATA_DIR, or a PostgreSQL test database named by DATABASE_URL.
 */
let db: Db;
let env: Record<string, string>;
let cleanUp: () => Promise<void>;

beforeAll(async () => {
  if (testDbKind() === 'postgres') {
    const t: TestDb = await createTestDb();
    db = t.db;
    env = { DATABASE_URL: t.config.kind === 'postgres' ? t.config.url : '', LOG_LEVEL: 'silent' };
    cleanUp = () => t.drop();
  } else {
    const dataDir = mkdtempSync(join(testFilesDir(), 'qm-demo-cli-'));
    env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    await runCli(['migrate'], env);
    db = createDb({ kind: 'sqlite', file: join(dataDir, 'quality-markers.sqlite') });
    cleanUp = async () => {
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
}, 60_000);

afterAll(() => cleanUp());

async function partnership(name: string, kind: 'children' | 'adults' | 'both' = 'both') {
  const org = await insertOrganisation(db, name);
  await db.updateTable('organisation').set({ kind }).where('id', '=', org.id).execute();
  return org;
}

const seed = (slug: string, ...more: string[]) =>
  runCli(['demo', 'seed', '--organisation', slug, '--as-of', '2026-12-01', ...more], env);

async function count(table: 'review' | 'assessment_round' | 'finding' | 'action' | 'referral', orgId: string) {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organisation_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('quality-markers demo seed', () => {
  it('seeds N reviews with every marker and question in every round, and the counts it prints', async () => {
    const org = await partnership('Demo Partnership');
    const { stdout } = await seed(org.slug, '--reviews', '3');
    expect(stdout).toContain(`Seeded 3 demo reviews into ${org.slug} (DEMO-00001 to DEMO-00003)`);

    const reviews = await db
      .selectFrom('review')
      .select(['id', 'reference', 'framework_key', 'created_by', 'subject_pseudonym'])
      .where('organisation_id', '=', org.id)
      .orderBy('reference')
      .execute();
    expect(reviews.map((r) => r.reference)).toEqual(['DEMO-00001', 'DEMO-00002', 'DEMO-00003']);
    expect(reviews.every((r) => r.created_by === null && /^(Child|Adult) [A-Z]+$/.test(r.subject_pseudonym))).toBe(
      true,
    );

    // Each round has a record for each of its framework's markers and a response row for each question.
    const catalogue = builtInCatalogue();
    const rounds = await db
      .selectFrom('assessment_round')
      .innerJoin('review', 'review.id', 'assessment_round.review_id')
      .select(['assessment_round.id', 'review.framework_key'])
      .where('assessment_round.organisation_id', '=', org.id)
      .execute();
    let markers = 0;
    let questions = 0;
    for (const round of rounds) {
      const fw = catalogue.latest(round.framework_key)!.stages.flatMap((s) => s.markers);
      const records = await db
        .selectFrom('marker_record')
        .select('marker_key')
        .where('round_id', '=', round.id)
        .execute();
      expect(records.map((r) => r.marker_key).sort()).toEqual(fw.map((m) => m.key).sort());
      markers += fw.length;
      questions += fw.reduce((n, m) => n + m.questions.length, 0);
    }
    const printed =
      `${rounds.length} rounds, ${markers} marker records, ${questions} answers, ` +
      `${await count('finding', org.id)} findings and recommendations, ${await count('action', org.id)} actions, ` +
      `${await count('referral', org.id)} referrals`;
    expect(stdout).toContain(printed);

    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('organisation_id', '=', org.id)
      .execute();
    expect(audit.filter((e) => e.action === 'demo.seeded')).toHaveLength(1);
    expect(audit.filter((e) => e.action.startsWith('review') || e.action.startsWith('round'))).toEqual([]);

    // A second run adds after the first.
    const again = await seed(org.slug, '--reviews', '1');
    expect(again.stdout).toContain('(DEMO-00004 to DEMO-00004)');
  }, 60_000);

  it('makes the same reviews from the same seed, and others from another seed', async () => {
    const content = async (orgId: string) =>
      db
        .selectFrom('review')
        .innerJoin('assessment_round', 'assessment_round.review_id', 'review.id')
        .innerJoin('marker_record', 'marker_record.round_id', 'assessment_round.id')
        .select(['review.reference', 'review.title', 'review.type', 'review.status', 'review.decision_date'])
        .select([
          'assessment_round.number',
          'marker_record.marker_key',
          'marker_record.judgement',
          'marker_record.rationale',
        ])
        .where('review.organisation_id', '=', orgId)
        .orderBy('review.reference')
        .orderBy('assessment_round.number')
        .orderBy('marker_record.marker_key')
        .execute();
    const [a, b, c] = [await partnership('Seed A'), await partnership('Seed B'), await partnership('Seed C')];
    await seed(a.slug, '--reviews', '2', '--seed', '7');
    await seed(b.slug, '--reviews', '2', '--seed', '7');
    await seed(c.slug, '--reviews', '2', '--seed', '8');
    const first = await content(a.id);
    expect(first.length).toBeGreaterThan(0);
    expect(await content(b.id)).toEqual(first);
    expect(await content(c.id)).not.toEqual(first);
  }, 60_000);

  it('refuses a partnership with a review the seed did not make, and writes nothing', async () => {
    const org = await partnership('Real Partnership', 'children');
    const person = await insertPerson(db, org.id, 'member');
    await db
      .insertInto('review')
      .values([
        reviewRow(org.id, { reference: 'LCSPR 2026/1' }),
        // The prefix alone does not make a review the seed's: a person made this one.
        reviewRow(org.id, { reference: 'DEMO-00001', created_by: person.id }),
      ])
      .execute();
    const failure = (await seed(org.slug, '--reviews', '3').catch((e: unknown) => e)) as CliFailure;
    expect(failure.code).toBe(1);
    expect(failure.stderr.trim()).toBe(
      `${org.slug} has 2 reviews not made by the demo seed: seed only a partnership kept for demonstrations`,
    );
    expect(await count('review', org.id)).toBe(2);
    expect(await count('assessment_round', org.id)).toBe(0);
  }, 60_000);

  it('explains a missing or wrong option', async () => {
    const failure = (await runCli(['demo', 'seed', '--organisation', 'x', '--reviews', 'many'], env).catch(
      (e: unknown) => e,
    )) as CliFailure;
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain('--reviews must be a whole number from 1 to 99,999');
  });
});
