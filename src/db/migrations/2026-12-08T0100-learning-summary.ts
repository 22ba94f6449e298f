import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
//
// The learning dashboard's figures added up across reviews (issue 19 §6). learning_summary holds, per
// partnership and per combination of the filters' dimensions (review type, status, framework, year of
// decision, year of publication), how many reviews, chosen rounds, judgements, themed findings and actions
// there are, so a partnership admin's dashboard sums a few thousand rows whatever the number of reviews.
// learning_review_part keeps what each review added (as JSON), so a change is applied as a difference.
// What a review adds is worked out in the app (features/learning/summary.ts), so the database cannot keep
// the sums itself: triggers mark the review in learning_stale, in the writer's own transaction, whenever
// anything it adds could change (the review's dimensions, its publication, rounds, judgements, findings,
// theme links, actions, statutory steps as review_clock_step has them), whoever writes; readers fold in the marked reviews first. The mark's token is
// new at every change, so a reader clears a mark only if nothing changed since it read the review.
// The backfill marks every review; the first reader adds them up.

/** The tables whose writes change what a review adds, and how to find the review from a row. */
interface Source {
  table: string;
  /** Columns whose change matters on update */
  columns: string[];
  /** SELECTs giving (review_id, organisation_id) of the row `r` ('new' or 'old') */
  reviews: (r: string) => string[];
}

const own = (r: string) => `SELECT ${r}.review_id AS review_id, ${r}.organisation_id AS organisation_id`;
const viaFinding = (r: string) =>
  `SELECT f.review_id AS review_id, f.organisation_id AS organisation_id FROM finding f WHERE f.id = ${r}.finding_id`;

const SOURCES: Source[] = [
  {
    table: 'review',
    columns: ['organisation_id', 'type', 'status', 'framework_key', 'decision_date', 'publication_date'],
    reviews: (r) => [`SELECT ${r}.id AS review_id, ${r}.organisation_id AS organisation_id`],
  },
  { table: 'publication', columns: ['review_id', 'published_on'], reviews: (r) => [own(r)] },
  { table: 'assessment_round', columns: ['review_id', 'status', 'purpose', 'number'], reviews: (r) => [own(r)] },
  {
    table: 'marker_record',
    columns: ['round_id', 'marker_key', 'judgement'],
    reviews: (r) => [
      `SELECT a.review_id AS review_id, a.organisation_id AS organisation_id FROM assessment_round a WHERE a.id = ${r}.round_id`,
    ],
  },
  { table: 'finding', columns: ['review_id', 'kind', 'created_at'], reviews: (r) => [own(r)] },
  { table: 'finding_theme', columns: ['finding_id', 'theme_id', 'organisation_id'], reviews: (r) => [viaFinding(r)] },
  {
    table: 'action',
    columns: ['review_id', 'finding_id', 'kind', 'status', 'due_date', 'impact_what_changed', 'impact_how_we_know'],
    reviews: (r) => [own(r), viaFinding(r)],
  },
  {
    table: 'review_clock_step',
    columns: ['review_id', 'review_type', 'original_due', 'due', 'done', 'paused_since'],
    reviews: (r) => [own(r)],
  },
];

const mark = (select: string, token: string) =>
  `INSERT INTO learning_stale (review_id, organisation_id, token)
   SELECT s.review_id, s.organisation_id, ${token} FROM (${select}) s WHERE s.review_id IS NOT NULL
   ON CONFLICT (review_id) DO UPDATE SET token = excluded.token, organisation_id = excluded.organisation_id`;

const SQLITE_TOKEN = 'hex(randomblob(8))';
const PG_TOKEN = 'md5(random()::text)';

function sqliteUp(): string[] {
  return SOURCES.flatMap(({ table, columns, reviews }) => {
    const marks = (r: string) => reviews(r).map((s) => `${mark(s, SQLITE_TOKEN)};`);
    const changed = columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
    return [
      `CREATE TRIGGER learning_stale_${table}_ai AFTER INSERT ON ${table} BEGIN ${marks('new').join(' ')} END`,
      `CREATE TRIGGER learning_stale_${table}_au AFTER UPDATE OF ${columns.join(', ')} ON ${table} WHEN ${changed}
        BEGIN ${[...marks('old'), ...marks('new')].join(' ')} END`,
      `CREATE TRIGGER learning_stale_${table}_ad AFTER DELETE ON ${table} BEGIN ${marks('old').join(' ')} END`,
    ];
  });
}

function postgresUp(): string[] {
  return SOURCES.flatMap(({ table, columns, reviews }) => {
    const marks = (r: string) => reviews(r).map((s) => `${mark(s, PG_TOKEN)};`);
    const changed = columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
    return [
      `CREATE FUNCTION learning_stale_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN ${marks('OLD').join(' ')} END IF;
          IF TG_OP <> 'DELETE' THEN ${marks('NEW').join(' ')} END IF;
          RETURN NULL;
        END $$`,
      `CREATE TRIGGER learning_stale_${table}_write AFTER INSERT OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION learning_stale_${table}()`,
      `CREATE TRIGGER learning_stale_${table}_change AFTER UPDATE OF ${columns.join(', ')} ON ${table}
        FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION learning_stale_${table}()`,
    ];
  });
}

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

async function run(db: Kysely<unknown>, statements: string[]) {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** The dimensions a partnership admin's dashboard filters by, on every summary row. */
const DIMENSIONS = ['review_type', 'review_status', 'framework_key', 'decision_year', 'publication_year'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // No foreign key to review: a deleted review keeps its mark until a reader takes its figures out.
  await db.schema
    .createTable('learning_stale')
    .addColumn('review_id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('learning_stale_organisation')
    .on('learning_stale')
    .columns(['organisation_id'])
    .execute();
  await db.schema
    .createTable('learning_review_part')
    .addColumn('review_id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('parts', 'text', (c) => c.notNull())
    .execute();
  const postgres = isPostgres(db);
  const key = (c: ColumnDefinitionBuilder) => c.notNull();
  await db.schema
    .createTable('learning_summary')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('fact', 'text', key)
    .addColumn('a', 'text', key)
    .addColumn('b', 'text', key)
    .addColumn('c', 'text', key)
    .addColumn('d', 'text', key)
    .addColumn('review_type', 'text', key)
    .addColumn('review_status', 'text', key)
    .addColumn('framework_key', 'text', key)
    .addColumn('decision_year', 'text', key)
    .addColumn('publication_year', 'text', key)
    .addColumn('n', 'integer', key)
    .addPrimaryKeyConstraint('learning_summary_pk', ['organisation_id', 'fact', 'a', 'b', 'c', 'd', ...DIMENSIONS])
    // SQLite: the rows kept in the key's order, so a sum reads one range with its counts, no second lookup.
    .$call((t) => (postgres ? t : t.modifyEnd(sql`without rowid`)))
    .execute();
  // The matrix's page: a framework's reviews in reference order, read from the index.
  await db.schema
    .createIndex('review_learning_matrix')
    .on('review')
    .columns(['organisation_id', 'framework_key', 'reference'])
    .execute();
  await run(db, [
    ...(postgres ? postgresUp() : sqliteUp()),
    `INSERT INTO learning_stale (review_id, organisation_id, token)
      SELECT id, organisation_id, ${postgres ? PG_TOKEN : SQLITE_TOKEN} FROM review`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await run(
      db,
      SOURCES.flatMap(({ table }) => [
        `DROP TRIGGER learning_stale_${table}_write ON ${table}`,
        `DROP TRIGGER learning_stale_${table}_change ON ${table}`,
        `DROP FUNCTION learning_stale_${table}()`,
      ]),
    );
  } else {
    await run(
      db,
      SOURCES.flatMap(({ table }) => ['ai', 'au', 'ad'].map((w) => `DROP TRIGGER learning_stale_${table}_${w}`)),
    );
  }
  await db.schema.dropIndex('review_learning_matrix').execute();
  await db.schema.dropTable('learning_summary').execute();
  await db.schema.dropTable('learning_review_part').execute();
  await db.schema.dropTable('learning_stale').execute();
}
