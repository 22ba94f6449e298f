/**
 * The full-text queries over search_document (migration 2026-12-07T1710): SQLite's FTS5 table search_fts,
 * PostgreSQL's GIN-indexed tsvector. Both scope to one partnership (and, for someone who is not a
 * partnership admin, to the reviews whose team they are on), rank and mark the matched words for a snippet.
 *
 * The work is bounded whatever the words: the candidates are the newest `candidates` documents in scope that
 * match (rows are numbered as they are written, so by id, newest first, an order both engines give without
 * ranking), and only those are ranked. A word in half the partnership's text would otherwise have every match
 * ranked to show twenty. One more candidate than that is fetched, so the caller knows when there were more.
 * Someone on the team of a few reviews is searched from those reviews' documents (index search_document_review)
 * rather than from every match in the partnership, most of which they may not see.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { reviewVisibleToMember } from '../reviews/visible.repository.js';

export interface SearchScope {
  organisationId: string;
  /** Only reviews with this person on the team; undefined for every review of the partnership. */
  memberId?: string;
}

export interface SearchRow {
  kind: string;
  source_id: string;
  review_id: string;
  round_id: string | null;
  marker_key: string | null;
  detail: string | null;
  reference: string;
  review_title: string;
  framework_key: string;
  framework_version: string | null;
  /** The text around the matched words, each of which sits between the query's marks. */
  snippet: string;
}

export interface SearchQuery {
  /** An FTS5 MATCH expression (SQLite) */
  match: string;
  /** Text for websearch_to_tsquery (PostgreSQL) */
  websearch: string;
  /** What the snippet puts before and after each matched word */
  marks: { start: string; end: string };
  /** How many of the newest matching documents are ranked at most */
  candidates: number;
  limit: number;
  offset: number;
}

export interface SearchFound {
  /** The page of results, best first */
  rows: SearchRow[];
  /** How many documents matched, counted up to `candidates + 1` (more than `candidates`: there were more) */
  matches: number;
}

/** A person on the team of this many reviews or fewer is searched from those reviews' documents. */
export const FEW_REVIEWS = 100;

/**
 * Which documents may be candidates: the partnership's, in reviews the person may see; for someone on a few
 * reviews' teams, also "in these reviews", so that the database starts from them (the visibility rule
 * still decides what is shown).
 */
function inScope(scope: SearchScope, few: readonly string[] | undefined): RawBuilder<unknown> {
  const visible = sql`d.organisation_id = ${scope.organisationId} AND ${reviewVisibleToMember(scope.memberId, 'd.review_id')}`;
  if (!few) return visible;
  if (!few.length) return sql`1 = 0`;
  return sql`${visible} AND d.review_id IN (${sql.join(few)})`;
}

/** The reviews whose team the person is on, when they are `few` or fewer; otherwise undefined. */
async function fewReviews(db: Kysely<Database>, scope: SearchScope, few: number): Promise<string[] | undefined> {
  if (!scope.memberId) return undefined;
  const rows = await db
    .selectFrom('review_member')
    .select('review_id')
    .where('organisation_id', '=', scope.organisationId)
    .where('user_id', '=', scope.memberId)
    .limit(few + 1)
    .execute();
  return rows.length > few ? undefined : rows.map((r) => r.review_id);
}

const COLUMNS = sql`d.kind, d.source_id, d.review_id, d.round_id, d.marker_key, d.detail,
  r.reference, r.title AS review_title, r.framework_key, ar.framework_version`;

type PageRow = Omit<SearchRow, 'snippet'> & { id: number; matches: number };

/**
 * FTS5 hands the matches over newest first (rowid descending) and stops at the limit, scoring each with
 * bm25() as it goes; the page is then sorted out of those. snippet() runs for the page only, in a second
 * MATCH limited to its rowids.
 */
async function searchSqlite(
  db: Kysely<Database>,
  scope: SearchScope,
  q: SearchQuery,
  few: readonly string[] | undefined,
): Promise<SearchFound> {
  const fromIndex = sql`
    SELECT d.id, bm25(search_fts) AS score
    FROM search_fts JOIN search_document d ON d.id = search_fts.rowid
    WHERE search_fts MATCH ${q.match} AND ${inScope(scope, few)}
    ORDER BY search_fts.rowid DESC LIMIT ${q.candidates + 1}`;
  // The reviews' documents first, then the matches among them, newest first. bm25() is worked out for one
  // MATCH only: asking FTS5 about each document in turn (rowid = ?) would count the word's documents again
  // for every one. The range lets FTS5 skip the matches outside the reviews' documents.
  const fromReviews = sql`
    WITH mine AS MATERIALIZED (SELECT d.id FROM search_document d WHERE ${inScope(scope, few)})
    SELECT search_fts.rowid AS id, bm25(search_fts) AS score
    FROM search_fts
    WHERE search_fts MATCH ${q.match}
      AND search_fts.rowid BETWEEN (SELECT min(id) FROM mine) AND (SELECT max(id) FROM mine)
      AND +search_fts.rowid IN (SELECT id FROM mine)
    ORDER BY search_fts.rowid DESC LIMIT ${q.candidates + 1}`;
  const { rows } = await sql<PageRow>`
    WITH hits AS MATERIALIZED (${few ? fromReviews : fromIndex}),
    ranked AS (SELECT id, score FROM hits ORDER BY id DESC LIMIT ${q.candidates}),
    page AS (SELECT id, score FROM ranked ORDER BY score, id LIMIT ${q.limit} OFFSET ${q.offset})
    SELECT d.id, ${COLUMNS}, (SELECT count(*) FROM hits) AS matches
    FROM page h
    JOIN search_document d ON d.id = h.id
    JOIN review r ON r.id = d.review_id AND r.organisation_id = d.organisation_id
    LEFT JOIN assessment_round ar ON ar.id = d.round_id
    ORDER BY h.score, h.id`.execute(db);
  if (!rows.length) return { rows: [], matches: 0 };
  const { rows: snippets } = await sql<{ id: number; snippet: string }>`
    SELECT rowid AS id, snippet(search_fts, 0, ${q.marks.start}, ${q.marks.end}, '…', 24) AS snippet
    FROM search_fts
    WHERE search_fts MATCH ${q.match} AND rowid IN (${sql.join(rows.map((r) => r.id))})`.execute(db);
  const byId = new Map(snippets.map((s) => [s.id, s.snippet]));
  return {
    rows: rows.map(({ id, matches: _, ...row }) => ({ ...row, snippet: byId.get(id) ?? '' })),
    matches: Number(rows[0]!.matches),
  };
}

/**
 * The tsquery is written into each condition (not read from a CTE) so that the planner sees the words and
 * chooses: for a common word, the partnership's documents newest first (index search_document_organisation)
 * until enough match; for a rarer one, the GIN index and a top-N sort. ts_rank_cd runs on the candidates
 * only, ts_headline (costly) on the page only; it reads curly apostrophes as straight ones, as the index
 * does (migration 2026-12-07T1710).
 */
async function searchPostgres(
  db: Kysely<Database>,
  scope: SearchScope,
  q: SearchQuery,
  few: readonly string[] | undefined,
): Promise<SearchFound> {
  const options = `StartSel=${q.marks.start}, StopSel=${q.marks.end}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
  const query = sql`websearch_to_tsquery('english', ${q.websearch})`;
  const { rows } = await sql<SearchRow & { matches: string }>`
    WITH hits AS MATERIALIZED (
      SELECT d.id, d.tsv
      FROM search_document d
      WHERE d.tsv @@ ${query} AND ${inScope(scope, few)}
      ORDER BY d.id DESC
      LIMIT ${q.candidates + 1}
    ),
    ranked AS (
      SELECT h.id, ts_rank_cd(h.tsv, ${query}) AS score
      FROM (SELECT id, tsv FROM hits ORDER BY id DESC LIMIT ${q.candidates}) h
      ORDER BY score DESC, h.id
      LIMIT ${q.limit} OFFSET ${q.offset}
    ),
    page AS (
      SELECT ${COLUMNS}, d.body, d.id, h.score
      FROM ranked h
      JOIN search_document d ON d.id = h.id
      JOIN review r ON r.id = d.review_id AND r.organisation_id = d.organisation_id
      LEFT JOIN assessment_round ar ON ar.id = d.round_id
    )
    SELECT page.kind, page.source_id, page.review_id, page.round_id, page.marker_key, page.detail, page.reference,
      page.review_title, page.framework_key, page.framework_version,
      ts_headline('english', replace(page.body, '’', ''''), ${query}, ${options}) AS snippet,
      (SELECT count(*) FROM hits) AS matches
    FROM page
    ORDER BY page.score DESC, page.id`.execute(db);
  if (!rows.length) return { rows: [], matches: 0 };
  return { rows: rows.map(({ matches: _, ...row }) => row), matches: Number(rows[0]!.matches) };
}

/** `few`: FEW_REVIEWS, or another threshold for a test to take either way to a team member's results. */
export async function search(
  db: Kysely<Database>,
  scope: SearchScope,
  q: SearchQuery,
  few = FEW_REVIEWS,
): Promise<SearchFound> {
  const reviews = await fewReviews(db, scope, few);
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? searchPostgres(db, scope, q, reviews)
    : searchSqlite(db, scope, q, reviews);
}
