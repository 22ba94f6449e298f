/**
 * Search across the partnership's reviews: what a person may see of them, ranked, each result with a
 * highlighted snippet, plain labels and a link to the exact place it was written.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PartnershipActor } from '../../plugins/auth.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { resolveFramework } from '../frameworks/resolve.service.js';
import { authorize } from '../reviews/policy.js';
import { SCOPE_SECTIONS } from '../reviews/scope.service.js';
import * as repo from './search.repository.js';
import { fts5Match, MARK_END, MARK_START, searchTerms, snippetHtml, websearchText } from './search.text.js';

export const RESULTS_PER_PAGE = 20;
/** Pages past this are not offered: a search this broad needs more words, not more pages. */
export const MAX_PAGE = 25;
/**
 * At most this many of the newest matching pieces of text are ranked (as many as the pages offered show):
 * past it, the person is told there are more and asked for more words.
 */
export const MAX_RANKED = RESULTS_PER_PAGE * MAX_PAGE;

export interface ReviewSearchResult {
  /** "Finding", "Comment", … */
  kind: string;
  reviewId: string;
  reviewReference: string;
  reviewTitle: string;
  /** Where it was found, as people call it: "Finding 3", "Comment on marker 4: Family involvement" */
  title: string;
  /** Escaped HTML; the matched words in <mark> */
  snippet: string;
  href: string;
}

export interface ReviewSearchPage {
  results: ReviewSearchResult[];
  page: number;
  hasNext: boolean;
  /** How many pieces of text matched, when MAX_RANKED or fewer; undefined when there were more */
  count: number | undefined;
  /** More than MAX_RANKED matched: the results are the best of the MAX_RANKED newest */
  capped: boolean;
  rankedAtMost: number;
}

const KIND_LABEL: Record<string, string> = {
  finding: 'Finding',
  recommendation: 'Recommendation',
  action: 'Action',
  scope: 'Terms of reference',
  evidence: 'Evidence',
  comment: 'Comment',
  rationale: 'Judgement rationale',
  note: 'Answer note',
};

/** Whom the search covers: the whole partnership for those who may see every review, else their team's. */
function scopeOf(actor: PartnershipActor): repo.SearchScope {
  // A partnership admin may see every review; anyone else the reviews whose team they are on (any role).
  const seesEvery = authorize(actor, 'review.see', { reviewRole: null });
  return seesEvery
    ? { organisationId: actor.organisationId }
    : { organisationId: actor.organisationId, memberId: actor.userId };
}

type Namer = (row: repo.SearchRow) => Promise<string>;

/** Marker names from the framework version the result's round uses, each framework read once. */
function markerNamer(db: Kysely<Database>, catalogue: FrameworkCatalogue, organisationId: string) {
  const cache = new Map<string, Promise<FrameworkFile | undefined>>();
  return async (row: repo.SearchRow) => {
    const id = `${row.framework_key}@${row.framework_version ?? ''}`;
    if (!cache.has(id)) {
      cache.set(
        id,
        resolveFramework(db, catalogue, organisationId, row.framework_key, row.framework_version ?? '', {
          fallback: 'latest',
        }),
      );
    }
    const marker = (await cache.get(id)!)?.stages.flatMap((s) => s.markers).find((m) => m.key === row.marker_key);
    const name = marker ? `marker ${marker.number}: ${marker.title}` : `marker ${row.marker_key}`;
    const q = marker?.questions.findIndex((x) => x.key === row.detail) ?? -1;
    return row.kind === 'note' && q >= 0 ? `question ${q + 1} of ${name}` : name;
  };
}

function titleOf(row: repo.SearchRow, markerName: string): string {
  switch (row.kind) {
    case 'finding':
    case 'recommendation':
    case 'action':
      return `${KIND_LABEL[row.kind]} ${row.detail ?? ''}`.trim();
    case 'scope':
      return `Terms of reference: ${SCOPE_SECTIONS.find((s) => s.key === row.detail)?.title ?? row.detail ?? ''}`;
    case 'evidence':
      return `Evidence for ${markerName}`;
    case 'comment':
      return `Comment on ${markerName}`;
    case 'rationale':
      return `Judgement rationale for ${markerName}`;
    default:
      return `Note on ${markerName}`;
  }
}

function hrefOf(row: repo.SearchRow): string {
  const review = `/reviews/${row.review_id}`;
  const marker = `${review}/rounds/${row.round_id}/markers/${encodeURIComponent(row.marker_key ?? '')}`;
  switch (row.kind) {
    case 'finding':
    case 'recommendation':
      return `${review}/findings#${row.source_id}`;
    case 'action':
      return `${review}/actions/${row.source_id}`;
    case 'scope':
      return `${review}/scope#${encodeURIComponent(row.detail ?? '')}`;
    case 'evidence':
      return `${marker}#evidence-${row.source_id}`;
    case 'comment':
      return `${marker}#comment-${row.source_id}`;
    case 'rationale':
      return `${marker}#decision`;
    default:
      return `${marker}#question-${encodeURIComponent(row.detail ?? '')}`;
  }
}

/**
 * One page of results for the query `q` (1-based `page`). A query with no words to search for finds
 * nothing; callers validate the query for the person first.
 */
export async function searchReviews(
  db: Kysely<Database>,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  q: string,
  page = 1,
): Promise<ReviewSearchPage> {
  const terms = searchTerms(q);
  const current = Math.min(Math.max(1, Math.floor(page)), MAX_PAGE);
  if (!terms.length)
    return { results: [], page: current, hasNext: false, count: 0, capped: false, rankedAtMost: MAX_RANKED };
  const { rows, matches } = await repo.search(db, scopeOf(actor), {
    match: fts5Match(terms),
    websearch: websearchText(terms),
    marks: { start: MARK_START, end: MARK_END },
    candidates: MAX_RANKED,
    limit: RESULTS_PER_PAGE + 1,
    offset: (current - 1) * RESULTS_PER_PAGE,
  });
  const capped = matches > MAX_RANKED;
  const nameMarker: Namer = markerNamer(db, catalogue, actor.organisationId);
  const results = await Promise.all(
    rows.slice(0, RESULTS_PER_PAGE).map(async (row) => ({
      kind: KIND_LABEL[row.kind] ?? row.kind,
      reviewId: row.review_id,
      reviewReference: row.reference,
      reviewTitle: row.review_title,
      title: titleOf(row, row.marker_key ? await nameMarker(row) : ''),
      snippet: snippetHtml(row.snippet),
      href: hrefOf(row),
    })),
  );
  return {
    results,
    page: current,
    hasNext: rows.length > RESULTS_PER_PAGE && current < MAX_PAGE,
    count: capped ? undefined : rows.length ? matches : current === 1 ? 0 : undefined,
    capped,
    rankedAtMost: MAX_RANKED,
  };
}

/** The `page` of a query string: a whole number from 1 to MAX_PAGE; anything else is the first page. */
export function parsePage(value: unknown): number {
  const text: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  const n = typeof text === 'string' && /^\d{1,4}$/.test(text) ? Number(text) : 1;
  return Math.min(Math.max(n, 1), MAX_PAGE);
}
