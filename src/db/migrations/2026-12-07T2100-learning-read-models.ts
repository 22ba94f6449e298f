import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
//
// The learning dashboard at thousands of reviews (issue 19 §6).
// review_clock_step holds each review's statutory step deadlines (worked out in the app by
// features/reviews/clocks/steps.ts, the review page's own rules), so the timeliness figures are one GROUP BY
// instead of every review's clocks evaluated per request. The rules (working days, bank holidays, months)
// live in the app, so the database cannot work the rows out itself; instead triggers mark a review in
// review_clock_stale, in the writing transaction, whenever anything its deadlines depend on changes (its
// type or key dates, its extensions and pauses, its partnership's SAR target), whoever writes. Readers
// refresh the marked reviews before counting. Every existing review starts marked (the backfill).
// round_judgements holds each round's judgements packed in one text ("marker=judgement;…"), kept by
// triggers on marker_record, so counting the markers of 5,000 reviews reads one row a review instead of
// grouping some 90,000 marker records. Indexes let the latest round of a purpose or sign-off be found in
// the index alone.

/** Every input of a review's deadlines on the review row: its type and key dates (and whose it is). */
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

/** Marks the reviews a SELECT gives (review_id, organisation_id, 1) as stale, or bumps their generation. */
const mark = (select: string) =>
  `INSERT INTO review_clock_stale (review_id, organisation_id, generation) ${select}
   ON CONFLICT (review_id)
   DO UPDATE SET generation = review_clock_stale.generation + 1, organisation_id = excluded.organisation_id`;
// The EXISTS keeps a review being deleted (its changes go by cascade) from being marked.
const changeOf = (row: 'old' | 'new') =>
  mark(
    `SELECT ${row}.review_id, ${row}.organisation_id, 1 WHERE EXISTS (SELECT 1 FROM review WHERE id = ${row}.review_id)`,
  );
const sarReviewsOf = (org: string) =>
  mark(`SELECT id, organisation_id, 1 FROM review WHERE organisation_id = ${org}.id AND type = 'sar'`);

function sqliteUp(): string[] {
  const changed = REVIEW_COLUMNS.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
  return [
    `CREATE TRIGGER review_clock_review_ai AFTER INSERT ON review BEGIN
      ${mark('SELECT new.id, new.organisation_id, 1 WHERE true')}; END`,
    `CREATE TRIGGER review_clock_review_au AFTER UPDATE OF ${REVIEW_COLUMNS.join(', ')} ON review
      WHEN ${changed} BEGIN ${mark('SELECT new.id, new.organisation_id, 1 WHERE true')}; END`,
    `CREATE TRIGGER review_clock_change_ai AFTER INSERT ON review_clock_change BEGIN ${changeOf('new')}; END`,
    `CREATE TRIGGER review_clock_change_au AFTER UPDATE ON review_clock_change BEGIN
      ${changeOf('old')}; ${changeOf('new')}; END`,
    `CREATE TRIGGER review_clock_change_ad AFTER DELETE ON review_clock_change BEGIN ${changeOf('old')}; END`,
    `CREATE TRIGGER review_clock_sar_target_au AFTER UPDATE OF sar_target_months ON organisation
      WHEN old.sar_target_months IS NOT new.sar_target_months BEGIN ${sarReviewsOf('new')}; END`,
  ];
}

function postgresUp(): string[] {
  const changed = REVIEW_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
  return [
    `CREATE FUNCTION review_clock_review_stale() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${mark('SELECT NEW.id, NEW.organisation_id, 1')}; RETURN NULL; END $$`,
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

/** The packed judgements of round `r` (an SQL expression), as the triggers and the backfill write them. */
const packed = (r: string, agg: 'group_concat' | 'string_agg') =>
  `(SELECT ${agg}(m.marker_key || '=' || m.judgement, ';') FROM marker_record m WHERE m.round_id = ${r})`;
/** Writes round `r`'s packed judgements; a round being deleted (its records go by cascade) is left alone. */
const repack = (r: string, agg: 'group_concat' | 'string_agg') =>
  `INSERT INTO round_judgements (round_id, organisation_id, judgements)
   SELECT a.id, a.organisation_id, coalesce(${packed('a.id', agg)}, '') FROM assessment_round a WHERE a.id = ${r}
   ON CONFLICT (round_id) DO UPDATE SET judgements = excluded.judgements`;
const JUDGEMENT_COLUMNS = ['round_id', 'marker_key', 'judgement'];

function sqliteJudgements(): string[] {
  const changed = JUDGEMENT_COLUMNS.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
  return [
    `CREATE TRIGGER round_judgements_ai AFTER INSERT ON marker_record BEGIN ${repack('new.round_id', 'group_concat')}; END`,
    `CREATE TRIGGER round_judgements_au AFTER UPDATE OF ${JUDGEMENT_COLUMNS.join(', ')} ON marker_record WHEN ${changed}
      BEGIN ${repack('old.round_id', 'group_concat')}; ${repack('new.round_id', 'group_concat')}; END`,
    `CREATE TRIGGER round_judgements_ad AFTER DELETE ON marker_record BEGIN ${repack('old.round_id', 'group_concat')}; END`,
  ];
}

// Two transactions saving judgements of one round at once must not each write a text missing the other's
// change: the round's row is locked first, and the text is worked out by a later statement, which sees
// whatever the other transaction committed while this one waited.
const pgRepack = (r: string) => `
  INSERT INTO round_judgements (round_id, organisation_id, judgements)
    SELECT a.id, a.organisation_id, '' FROM assessment_round a WHERE a.id = ${r} ON CONFLICT (round_id) DO NOTHING;
  PERFORM 1 FROM round_judgements WHERE round_id = ${r} FOR UPDATE;
  UPDATE round_judgements SET judgements = coalesce(${packed(r, 'string_agg')}, '') WHERE round_id = ${r};`;

function postgresJudgements(): string[] {
  const changed = JUDGEMENT_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
  return [
    `CREATE FUNCTION round_judgements_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN ${pgRepack('OLD.round_id')} END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR OLD.round_id IS DISTINCT FROM NEW.round_id) THEN
          ${pgRepack('NEW.round_id')}
        END IF;
        RETURN NULL;
      END $$`,
    `CREATE TRIGGER round_judgements_write AFTER INSERT OR DELETE ON marker_record
      FOR EACH ROW EXECUTE FUNCTION round_judgements_sync()`,
    `CREATE TRIGGER round_judgements_change AFTER UPDATE OF ${JUDGEMENT_COLUMNS.join(', ')} ON marker_record
      FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION round_judgements_sync()`,
  ];
}

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

async function run(db: Kysely<unknown>, statements: string[]) {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_clock_step')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id').onDelete('cascade'))
    .addColumn('clock_key', 'text', (c) => c.notNull())
    .addColumn('review_type', 'text', (c) => c.notNull())
    .addColumn('original_due', 'text', (c) => c.notNull())
    .addColumn('due', 'text', (c) => c.notNull())
    .addColumn('done', 'text')
    .addColumn('paused_since', 'text')
    .addPrimaryKeyConstraint('review_clock_step_pk', ['review_id', 'clock_key'])
    .execute();
  // The timeliness count reads only this index (every column it needs is in it).
  await db.schema
    .createIndex('review_clock_step_learning')
    .on('review_clock_step')
    .columns(['organisation_id', 'review_id', 'review_type', 'original_due', 'due', 'done', 'paused_since'])
    .execute();
  await db.schema
    .createTable('review_clock_stale')
    .addColumn('review_id', 'text', (c) => c.primaryKey().references('review.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('review_clock_stale_organisation')
    .on('review_clock_stale')
    .columns(['organisation_id'])
    .execute();
  await db.schema
    .createTable('round_judgements')
    .addColumn('round_id', 'text', (c) => c.primaryKey().references('assessment_round.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('judgements', 'text', (c) => c.notNull())
    .execute();
  // Covering indexes: each learning query reads the index alone, never the wide rows behind it. The rounds
  // of the reviews in scope (with their ids), the latest round of a purpose or sign-off, and the findings
  // and theme links the theme figures count.
  const indexes: [name: string, table: string, columns: string[]][] = [
    [
      'assessment_round_chosen',
      'assessment_round',
      ['organisation_id', 'review_id', 'status', 'purpose', 'number', 'id'],
    ],
    ['assessment_round_latest_status', 'assessment_round', ['review_id', 'status', 'number', 'id']],
    ['assessment_round_latest_purpose', 'assessment_round', ['review_id', 'purpose', 'number', 'id']],
    ['finding_learning', 'finding', ['review_id', 'id', 'kind', 'created_at']],
    ['finding_theme_learning', 'finding_theme', ['finding_id', 'theme_id', 'organisation_id']],
  ];
  for (const [name, table, columns] of indexes) await db.schema.createIndex(name).on(table).columns(columns).execute();
  const postgres = isPostgres(db);
  await run(db, [
    ...(postgres ? [...postgresUp(), ...postgresJudgements()] : [...sqliteUp(), ...sqliteJudgements()]),
    `INSERT INTO review_clock_stale (review_id, organisation_id, generation) SELECT id, organisation_id, 1 FROM review`,
    `INSERT INTO round_judgements (round_id, organisation_id, judgements)
      SELECT a.id, a.organisation_id, coalesce(${packed('a.id', postgres ? 'string_agg' : 'group_concat')}, '')
      FROM assessment_round a`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await run(db, [
      'DROP TRIGGER round_judgements_write ON marker_record',
      'DROP TRIGGER round_judgements_change ON marker_record',
      'DROP FUNCTION round_judgements_sync()',
      'DROP TRIGGER review_clock_review_ai ON review',
      'DROP TRIGGER review_clock_review_au ON review',
      'DROP TRIGGER review_clock_change_write ON review_clock_change',
      'DROP TRIGGER review_clock_sar_target_au ON organisation',
      'DROP FUNCTION review_clock_review_stale()',
      'DROP FUNCTION review_clock_change_stale()',
      'DROP FUNCTION review_clock_sar_target_stale()',
    ]);
  } else {
    await run(
      db,
      [
        'review_clock_review_ai',
        'review_clock_review_au',
        'review_clock_change_ai',
        'review_clock_change_au',
        'review_clock_change_ad',
        'review_clock_sar_target_au',
        'round_judgements_ai',
        'round_judgements_au',
        'round_judgements_ad',
      ].map((t) => `DROP TRIGGER ${t}`),
    );
  }
  for (const name of [
    'finding_theme_learning',
    'finding_learning',
    'assessment_round_latest_purpose',
    'assessment_round_latest_status',
    'assessment_round_chosen',
  ]) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema.dropTable('round_judgements').execute();
  await db.schema.dropTable('review_clock_stale').execute();
  await db.schema.dropTable('review_clock_step').execute();
}
