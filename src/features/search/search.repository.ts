/**
 * The full-text queries over search_document (migration 2026-12-07T1710): SQLite's FTS5 table search_fts,
 * PostgreSQL's GIN-indexed tsvector. Both rank, scope to one partnership (and, for someone who is not a
 * partnership admin, to the reviews whose team they are on) and mark the matched words for a snippet.
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
  limit: number;
  offset: number;
}

const teamOnly = (scope: SearchScope): RawBuilder<unknown> =>
  sql`AND ${reviewVisibleToMember(scope.memberId, 'd.review_id')}`;

const COLUMNS = sql`d.kind, d.source_id, d.review_id, d.round_id, d.marker_key, d.detail,
  r.reference, r.title AS review_title, r.framework_key, ar.framework_version`;

/**
 * Ranks first, then makes snippets for the page of results only (a second MATCH limited to their rowids):
 * snippet() on every match of a common word cost more than the ranking itself.
 */
async function searchSqlite(db: Kysely<Database>, scope: SearchScope, q: SearchQuery): Promise<SearchRow[]> {
  const { rows } = await sql<Omit<SearchRow, 'snippet'> & { id: number }>`
    SELECT d.id, ${COLUMNS}
    FROM search_fts
    JOIN search_document d ON d.id = search_fts.rowid
    JOIN review r ON r.id = d.review_id AND r.organisation_id = d.organisation_id
    LEFT JOIN assessment_round ar ON ar.id = d.round_id
    WHERE search_fts MATCH ${q.match} AND d.organisation_id = ${scope.organisationId} ${teamOnly(scope)}
    ORDER BY search_fts.rank, d.id
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  if (!rows.length) return [];
  const { rows: snippets } = await sql<{ id: number; snippet: string }>`
    SELECT rowid AS id, snippet(search_fts, 0, ${q.marks.start}, ${q.marks.end}, '…', 24) AS snippet
    FROM search_fts
    WHERE search_fts MATCH ${q.match} AND rowid IN (${sql.join(rows.map((r) => r.id))})`.execute(db);
  const byId = new Map(snippets.map((s) => [s.id, s.snippet]));
  return rows.map(({ id, ...row }) => ({ ...row, snippet: byId.get(id) ?? '' }));
}

/**
 * ts_headline is costly, so it runs on the page of results only, in the outer query; it reads curly
 * apostrophes as straight ones, as the index does (migration 2026-12-07T1710).
 */
async function searchPostgres(db: Kysely<Database>, scope: SearchScope, q: SearchQuery): Promise<SearchRow[]> {
  const options = `StartSel=${q.marks.start}, StopSel=${q.marks.end}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
  const { rows } = await sql<SearchRow>`
    WITH q AS (SELECT websearch_to_tsquery('english', ${q.websearch}) AS query)
    SELECT page.kind, page.source_id, page.review_id, page.round_id, page.marker_key, page.detail, page.reference,
      page.review_title, page.framework_key, page.framework_version,
      ts_headline('english', replace(page.body, '’', ''''), q.query, ${options}) AS snippet
    FROM (
      SELECT ${COLUMNS}, d.body, d.id, ts_rank_cd(d.tsv, q.query) AS score
      FROM q, search_document d
      JOIN review r ON r.id = d.review_id AND r.organisation_id = d.organisation_id
      LEFT JOIN assessment_round ar ON ar.id = d.round_id
      WHERE d.tsv @@ q.query AND d.organisation_id = ${scope.organisationId} ${teamOnly(scope)}
      ORDER BY score DESC, d.id
      LIMIT ${q.limit} OFFSET ${q.offset}
    ) page, q
    ORDER BY page.score DESC, page.id`.execute(db);
  return rows;
}

export function search(db: Kysely<Database>, scope: SearchScope, q: SearchQuery): Promise<SearchRow[]> {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? searchPostgres(db, scope, q)
    : searchSqlite(db, scope, q);
}
