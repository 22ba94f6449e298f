import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
//
// review_clock_stale's marks (migration 2026-12-07T2100) carried a generation: 1 when inserted, one more at
// each further change. A reader cleared a mark only if its generation was still the one it read. But once
// a mark is cleared the next change inserts it again at generation 1, so a slow reader holding (R, 1) from
// before could clear a writer's new (R, 1) and store rows worked out from the dates before that change,
// leaving R's deadlines stale until R changed again. Now every write gives the mark a fresh random token
// (as learning_stale's marks have, migration 2026-12-08T0100), and a reader clears a mark only if its token
// is unchanged. The generation column goes: nothing bumps it any more, and a process still running the
// old code fails on it instead of clearing marks it should not.
//
// The triggers are the same as 2026-12-07T2100's, on the same tables and columns, written again with the
// token; down puts back the generation and those triggers as they were.

/** Every input of a review's deadlines on the review row (as 2026-12-07T2100). */
const REVIEW_COLUMNS = [
  'organisation_id',
  'type',
  'incident_date',
  'awareness_date',
  'referral_date',
  'notification_date',
  'rapid_review_date',
  'panel_response_date',
  'decision_date',
  'panel_told_date',
  'reviewer_appointed_date',
  'draft_report_date',
  'final_report_date',
  'report_sent_date',
  'publication_date',
];

/** How a trigger marks a review: the column it writes, its value on insert, and what a further change sets. */
interface Marking {
  column: 'generation' | 'token';
  value: string;
  again: string;
}

const GENERATION: Marking = { column: 'generation', value: '1', again: 'review_clock_stale.generation + 1' };
const SQLITE_TOKEN: Marking = { column: 'token', value: 'hex(randomblob(8))', again: 'excluded.token' };
const PG_TOKEN: Marking = { column: 'token', value: 'md5(random()::text)', again: 'excluded.token' };

/** The trigger statements of 2026-12-07T2100, marking with `m`. */
function clockTriggers(postgres: boolean, m: Marking): string[] {
  const mark = (select: string) =>
    `INSERT INTO review_clock_stale (review_id, organisation_id, ${m.column}) ${select}
     ON CONFLICT (review_id)
     DO UPDATE SET ${m.column} = ${m.again}, organisation_id = excluded.organisation_id`;
  // The EXISTS keeps a review being deleted (its changes go by cascade) from being marked.
  const changeOf = (row: string) =>
    mark(
      `SELECT ${row}.review_id, ${row}.organisation_id, ${m.value} WHERE EXISTS (SELECT 1 FROM review WHERE id = ${row}.review_id)`,
    );
  const sarReviewsOf = (org: string) =>
    mark(`SELECT id, organisation_id, ${m.value} FROM review WHERE organisation_id = ${org}.id AND type = 'sar'`);
  if (!postgres) {
    const changed = REVIEW_COLUMNS.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
    return [
      `CREATE TRIGGER review_clock_review_ai AFTER INSERT ON review BEGIN
        ${mark(`SELECT new.id, new.organisation_id, ${m.value} WHERE true`)}; END`,
      `CREATE TRIGGER review_clock_review_au AFTER UPDATE OF ${REVIEW_COLUMNS.join(', ')} ON review
        WHEN ${changed} BEGIN ${mark(`SELECT new.id, new.organisation_id, ${m.value} WHERE true`)}; END`,
      `CREATE TRIGGER review_clock_change_ai AFTER INSERT ON review_clock_change BEGIN ${changeOf('new')}; END`,
      `CREATE TRIGGER review_clock_change_au AFTER UPDATE ON review_clock_change BEGIN
        ${changeOf('old')}; ${changeOf('new')}; END`,
      `CREATE TRIGGER review_clock_change_ad AFTER DELETE ON review_clock_change BEGIN ${changeOf('old')}; END`,
      `CREATE TRIGGER review_clock_sar_target_au AFTER UPDATE OF sar_target_months ON organisation
        WHEN old.sar_target_months IS NOT new.sar_target_months BEGIN ${sarReviewsOf('new')}; END`,
    ];
  }
  const changed = REVIEW_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
  return [
    `CREATE FUNCTION review_clock_review_stale() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${mark(`SELECT NEW.id, NEW.organisation_id, ${m.value}`)}; RETURN NULL; END $$`,
    `CREATE TRIGGER review_clock_review_ai AFTER INSERT ON review
      FOR EACH ROW EXECUTE FUNCTION review_clock_review_stale()`,
    `CREATE TRIGGER review_clock_review_au AFTER UPDATE OF ${REVIEW_COLUMNS.join(', ')} ON review
      FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION review_clock_review_stale()`,
    `CREATE FUNCTION review_clock_change_stale() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN ${changeOf('old')}; END IF;
        IF TG_OP <> 'DELETE' THEN ${changeOf('new')}; END IF;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER review_clock_change_write AFTER INSERT OR UPDATE OR DELETE ON review_clock_change
      FOR EACH ROW EXECUTE FUNCTION review_clock_change_stale()`,
    `CREATE FUNCTION review_clock_sar_target_stale() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${sarReviewsOf('NEW')}; RETURN NULL; END $$`,
    `CREATE TRIGGER review_clock_sar_target_au AFTER UPDATE OF sar_target_months ON organisation
      FOR EACH ROW WHEN (OLD.sar_target_months IS DISTINCT FROM NEW.sar_target_months)
      EXECUTE FUNCTION review_clock_sar_target_stale()`,
  ];
}

function dropClockTriggers(postgres: boolean): string[] {
  if (postgres) {
    return [
      'DROP TRIGGER review_clock_review_ai ON review',
      'DROP TRIGGER review_clock_review_au ON review',
      'DROP TRIGGER review_clock_change_write ON review_clock_change',
      'DROP TRIGGER review_clock_sar_target_au ON organisation',
      'DROP FUNCTION review_clock_review_stale()',
      'DROP FUNCTION review_clock_change_stale()',
      'DROP FUNCTION review_clock_sar_target_stale()',
    ];
  }
  return [
    'review_clock_review_ai',
    'review_clock_review_au',
    'review_clock_change_ai',
    'review_clock_change_au',
    'review_clock_change_ad',
    'review_clock_sar_target_au',
  ].map((t) => `DROP TRIGGER ${t}`);
}

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

async function run(db: Kysely<unknown>, statements: string[]) {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

// SQLite adds a NOT NULL column only with a default; the triggers always give the token, so the default
// only lets the column be added (and the existing marks then get a token of their own).
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = isPostgres(db);
  const token = postgres ? PG_TOKEN : SQLITE_TOKEN;
  // SQLite drops a column only when no trigger names it: the old triggers go first.
  await run(db, dropClockTriggers(postgres));
  await db.schema
    .alterTable('review_clock_stale')
    .addColumn('token', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await run(db, [`UPDATE review_clock_stale SET token = ${token.value}`]);
  await db.schema.alterTable('review_clock_stale').dropColumn('generation').execute();
  await run(db, clockTriggers(postgres, token));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = isPostgres(db);
  await run(db, dropClockTriggers(postgres));
  // Every mark there starts again at generation 1, as a new mark would.
  await db.schema
    .alterTable('review_clock_stale')
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('review_clock_stale').dropColumn('token').execute();
  await run(db, clockTriggers(postgres, GENERATION));
}
