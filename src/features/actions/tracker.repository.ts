/**
 * The partnership's actions tracker, read a page at a time: every filter is applied by the database, so the
 * app only ever holds one page of actions, the per-review counts and the filter's choices.
 */
import { PostgresAdapter, sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { ActionStatus, Database } from '../../db/schema.js';
import { reviewVisibleTo, type ReviewViewer } from '../reviews/visible.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** How the tracker is narrowed; the same filters as the review's own list, agency included. */
export interface TrackerQuery {
  status?: ActionStatus;
  ownerName?: string;
  /** Due before this ISO date */
  dueBefore?: string;
  /** Not finished and due before this ISO date (today) */
  overdueOn?: string;
  /** One of the action's agencies is exactly this name */
  agency?: string;
}

/**
 * `action.agencies` holds the agencies as the JSON text encodeAgencies writes (JSON.stringify of a list of
 * names). The list used to be decoded and searched in the app; each database now makes the same exact,
 * case-sensitive test. SQLite decodes with its JSON functions, guarded as decodeAgencies is (text that is
 * not a JSON array has no agencies). PostgreSQL matches the text instead: a cast to jsonb would fail the
 * whole page on one name holding \u0000, which jsonb refuses, so the name's JSON string must be one whole
 * element, found by stepping over the elements before it.
 */
function hasAgency(db: Executor, agency: string): Expression<SqlBool> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return sql<SqlBool>`action.agencies ~ ${elementPattern(agency)}`;
  }
  return sql<SqlBool>`exists (select 1 from json_each(case when json_valid(action.agencies) and json_type(action.agencies) = 'array' then action.agencies else '[]' end) as named where named.type = 'text' and named.value = ${agency})`;
}

/** A PostgreSQL regular expression for JSON text `["…","…"]` with `name` as one of its elements. */
function elementPattern(name: string): string {
  // In PostgreSQL's regular expressions a backslash before any ASCII character that is not a letter or digit
  // makes it literal; letters, digits and non-ASCII characters are literal as they are. JSON.stringify has
  // already written every control character as an escape.
  const literal = JSON.stringify(name).replace(/[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/g, '\\$&');
  return `^\\[("([^"\\\\]|\\\\.)*",)*${literal}[,\\]]`;
}

/** The partnership's actions on reviews the person sees, narrowed by the query. */
function matching(db: Executor, organisationId: string, viewer: ReviewViewer, query: TrackerQuery) {
  let q = db
    .selectFrom('action')
    .innerJoin('review', 'review.id', 'action.review_id')
    .where('action.organisation_id', '=', organisationId)
    .where('review.organisation_id', '=', organisationId)
    .where(reviewVisibleTo(viewer, 'review.id'));
  if (query.status) q = q.where('action.status', '=', query.status);
  if (query.ownerName) q = q.where('action.owner_name', '=', query.ownerName);
  if (query.dueBefore) q = q.where('action.due_date', '<', query.dueBefore);
  if (query.overdueOn) {
    q = q.where('action.due_date', '<', query.overdueOn).where('action.status', 'not in', ['completed', 'cancelled']);
  }
  if (query.agency) q = q.where(hasAgency(db, query.agency));
  return q;
}

/** How many matching actions each visible review has (reviews with none are left out). */
export async function countsByReview(db: Executor, organisationId: string, viewer: ReviewViewer, query: TrackerQuery) {
  const rows = await matching(db, organisationId, viewer, query)
    .select((eb) => ['review.id as reviewId', 'review.reference as reference', eb.fn.countAll().as('n')])
    .groupBy(['review.id', 'review.reference'])
    .execute();
  return rows.map((r) => ({ reviewId: r.reviewId, reference: r.reference, count: Number(r.n) }));
}

/**
 * `limit` matching actions of `reviewIds` (in that order, then by number), skipping the first `offset`.
 * The caller names only the few reviews a page spans, so the database sorts those reviews' rows alone.
 */
export function actionsOfReviews(
  db: Executor,
  organisationId: string,
  viewer: ReviewViewer,
  query: TrackerQuery,
  reviewIds: string[],
  window: { offset: number; limit: number },
) {
  if (!reviewIds.length) return Promise.resolve([]);
  const rank = sql<number>`case ${sql.join(
    reviewIds.map((id, i) => sql`when action.review_id = ${id} then ${sql.lit(i)}`),
    sql` `,
  )} end`;
  return matching(db, organisationId, viewer, query)
    .where('action.review_id', 'in', reviewIds)
    .selectAll('action')
    .select(['review.reference as review_reference'])
    .orderBy(rank)
    .orderBy('action.number')
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

/** The distinct owner names and agency lists on the visible reviews' actions, for the filter's choices. */
export async function trackerChoices(db: Executor, organisationId: string, viewer: ReviewViewer) {
  const all = matching(db, organisationId, viewer, {});
  const [owners, agencies] = await Promise.all([
    all.select('action.owner_name').distinct().execute(),
    all.select('action.agencies').distinct().execute(),
  ]);
  return { owners: owners.map((r) => r.owner_name), agencyLists: agencies.map((r) => r.agencies) };
}

/** How many of the partnership's reviews the person sees. */
export async function visibleReviewCount(db: Executor, organisationId: string, viewer: ReviewViewer) {
  const row = await db
    .selectFrom('review')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('review.organisation_id', '=', organisationId)
    .where(reviewVisibleTo(viewer, 'review.id'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
