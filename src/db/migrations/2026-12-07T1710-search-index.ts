import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
//
// Full-text search across a partnership's reviews (features/search). One table, search_document, holds a
// row for each piece of searchable text (a finding, an answer's note, a comment, ...) with where it lives.
// Triggers on the source tables keep it in step, so every write (a form, the API, an import) updates the
// index in its own transaction and a deleted or removed row leaves it at once.
// SQLite: search_fts, an FTS5 table over search_document's body (external content, porter stemming).
// PostgreSQL: a generated tsvector column ('english' stemming) with a GIN index.

interface Source {
  table: string;
  /** Columns whose change re-indexes the row. */
  columns: string[];
  kind: string;
  body: string;
  review: string;
  round: string;
  marker: string;
  detail: string;
  /** When the row is searchable at all. */
  live: string;
}

const viaRound = '(SELECT ar.review_id FROM assessment_round ar WHERE ar.id = new.round_id)';

const SOURCES: Source[] = [
  {
    table: 'finding',
    columns: ['text', 'kind', 'number'],
    kind: 'new.kind',
    body: 'new.text',
    review: 'new.review_id',
    round: 'NULL',
    marker: 'NULL',
    detail: 'CAST(new.number AS TEXT)',
    live: "new.text <> ''",
  },
  {
    table: 'action',
    columns: ['title', 'description', 'number'],
    kind: "'action'",
    body: "new.title || ' ' || new.description",
    review: 'new.review_id',
    round: 'NULL',
    marker: 'NULL',
    detail: 'CAST(new.number AS TEXT)',
    live: 'TRUE',
  },
  {
    table: 'review_scope',
    columns: ['text'],
    kind: "'scope'",
    body: 'new.text',
    review: 'new.review_id',
    round: 'NULL',
    marker: 'NULL',
    detail: 'new.section',
    live: "new.text <> ''",
  },
  {
    table: 'evidence',
    columns: ['title', 'deleted_at'],
    kind: "'evidence'",
    body: 'new.title',
    review: viaRound,
    round: 'new.round_id',
    marker: 'new.marker_key',
    detail: 'NULL',
    live: 'new.deleted_at IS NULL',
  },
  {
    table: 'comment',
    columns: ['body'],
    kind: "'comment'",
    body: 'new.body',
    review: viaRound,
    round: 'new.round_id',
    marker: 'new.marker_key',
    detail: 'NULL',
    live: "new.body <> ''",
  },
  {
    table: 'marker_record',
    columns: ['rationale'],
    kind: "'rationale'",
    body: 'new.rationale',
    review: viaRound,
    round: 'new.round_id',
    marker: 'new.marker_key',
    detail: 'NULL',
    live: "new.rationale <> ''",
  },
  {
    table: 'question_response',
    columns: ['note'],
    kind: "'note'",
    body: 'new.note',
    review: viaRound,
    round: 'new.round_id',
    marker: 'new.marker_key',
    detail: 'new.question_key',
    live: "new.note <> ''",
  },
];

const COLUMNS = 'organisation_id, review_id, source, source_id, kind, round_id, marker_key, detail, body';

/** The SELECT list that makes a search_document row from a source row called `new`. */
const values = (s: Source) =>
  `new.organisation_id, ${s.review}, '${s.table}', new.id, ${s.kind}, ${s.round}, ${s.marker}, ${s.detail}, ${s.body}`;

const changed = (s: Source) => s.columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ');
const pgChanged = (s: Source) => s.columns.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');

async function run(db: Kysely<unknown>, statements: string[]) {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

function sqliteUp(): string[] {
  const out = [
    `CREATE TABLE search_document (id INTEGER PRIMARY KEY, organisation_id TEXT NOT NULL, review_id TEXT NOT NULL,
      source TEXT NOT NULL, source_id TEXT NOT NULL, kind TEXT NOT NULL, round_id TEXT, marker_key TEXT, detail TEXT,
      body TEXT NOT NULL)`,
    `CREATE UNIQUE INDEX search_document_source ON search_document (source, source_id)`,
    `CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_document', content_rowid='id',
      tokenize='porter unicode61')`,
    `CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
      INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body); END`,
    `CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
      INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body); END`,
  ];
  for (const s of SOURCES) {
    const remove = `DELETE FROM search_document WHERE source = '${s.table}' AND source_id = old.id;`;
    const add = `INSERT INTO search_document (${COLUMNS}) SELECT ${values(s)} WHERE ${s.live};`;
    out.push(
      `CREATE TRIGGER search_${s.table}_ai AFTER INSERT ON "${s.table}" BEGIN ${add} END`,
      `CREATE TRIGGER search_${s.table}_au AFTER UPDATE OF ${s.columns.join(', ')} ON "${s.table}"
        WHEN ${changed(s)} BEGIN ${remove} ${add} END`,
      `CREATE TRIGGER search_${s.table}_ad AFTER DELETE ON "${s.table}" BEGIN ${remove} END`,
    );
  }
  return out;
}

/**
 * PostgreSQL's parser takes a curly apostrophe as part of a word ("visitor’s" would never match
 * "visitor"); read as a straight one it splits the word as SQLite's tokenizer does. The search's
 * ts_headline reads the body the same way (features/search/search.repository.ts).
 */
const WORDS_OF_BODY = `replace(body, '’', '''')`;

function postgresUp(): string[] {
  const out = [
    `CREATE TABLE search_document (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, organisation_id text NOT NULL,
      review_id text NOT NULL, source text NOT NULL, source_id text NOT NULL, kind text NOT NULL, round_id text,
      marker_key text, detail text, body text NOT NULL,
      tsv tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, ${WORDS_OF_BODY})) STORED)`,
    `CREATE UNIQUE INDEX search_document_source ON search_document (source, source_id)`,
    `CREATE INDEX search_document_tsv ON search_document USING gin (tsv)`,
  ];
  for (const s of SOURCES) {
    out.push(
      `CREATE FUNCTION search_${s.table}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM search_document WHERE source = '${s.table}' AND source_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO search_document (${COLUMNS}) SELECT ${values(s)} WHERE ${s.live};
        END IF;
        RETURN NULL;
      END $$`,
      `CREATE TRIGGER search_${s.table}_write AFTER INSERT OR DELETE ON "${s.table}"
        FOR EACH ROW EXECUTE FUNCTION search_${s.table}_sync()`,
      `CREATE TRIGGER search_${s.table}_change AFTER UPDATE OF ${s.columns.join(', ')} ON "${s.table}"
        FOR EACH ROW WHEN (${pgChanged(s)}) EXECUTE FUNCTION search_${s.table}_sync()`,
    );
  }
  return out;
}

/** Indexes the rows already there, as the insert triggers would have. */
const backfill = () =>
  SOURCES.map(
    (s) =>
      `INSERT INTO search_document (${COLUMNS}) SELECT ${values(s)} FROM "${s.table}" AS "new" WHERE ${s.live} ORDER BY new.id`,
  );

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<unknown>): Promise<void> {
  await run(db, [...(isPostgres(db) ? postgresUp() : sqliteUp()), ...backfill()]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await run(db, [
      ...SOURCES.map((s) => `DROP TRIGGER search_${s.table}_write ON "${s.table}"`),
      ...SOURCES.map((s) => `DROP TRIGGER search_${s.table}_change ON "${s.table}"`),
      ...SOURCES.map((s) => `DROP FUNCTION search_${s.table}_sync()`),
      'DROP TABLE search_document',
    ]);
    return;
  }
  await run(db, [
    ...SOURCES.flatMap((s) => ['ai', 'au', 'ad'].map((t) => `DROP TRIGGER search_${s.table}_${t}`)),
    'DROP TABLE search_fts',
    'DROP TABLE search_document',
  ]);
}
