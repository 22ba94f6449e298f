/** Parsing of the public browser's query strings into values and GOV.UK-style errors. */

export const MAX_QUERY_LENGTH = 200;

export interface SearchForm {
  values: { q: string; framework?: string };
  errors: { q?: string };
  /** Distinct lower-case words to look for, when the query is valid. */
  terms: string[];
}

function firstString(value: unknown): string {
  if (Array.isArray(value)) return firstString(value[0]);
  return typeof value === 'string' ? value : '';
}

export function parseSearchQuery(query: Record<string, unknown>, submitted: boolean): SearchForm {
  const q = firstString(query.q);
  const framework = firstString(query.framework) || undefined;
  const values = { q, framework };
  const trimmed = q.trim();
  if (!trimmed) {
    return { values, errors: submitted ? { q: 'Enter words to search for' } : {}, terms: [] };
  }
  if (q.length > MAX_QUERY_LENGTH) {
    return { values, errors: { q: `Search words must be ${MAX_QUERY_LENGTH} characters or fewer` }, terms: [] };
  }
  const terms = [
    ...new Set(
      trimmed
        .toLowerCase()
        .split(/[^\p{L}\p{N}'’-]+/u)
        .filter((t) => t.length > 0),
    ),
  ].slice(0, 12);
  if (!terms.length) return { values, errors: { q: 'Enter words to search for, using letters or numbers' }, terms: [] };
  return { values, errors: {}, terms };
}

/** The audience filter: a known audience key, or all questions. */
export function parseAudience(query: Record<string, unknown>, known: readonly string[]): string | undefined {
  const value = firstString(query.audience);
  return known.includes(value) ? value : undefined;
}

/** The "only questions from the publication" filter: `?origin=published`. */
export function parsePublishedOnly(query: Record<string, unknown>): boolean {
  return firstString(query.origin) === 'published';
}

/** The stage filter on the print page. */
export function parseStage(query: Record<string, unknown>, known: readonly string[]): string | undefined {
  const value = firstString(query.stage);
  return known.includes(value) ? value : undefined;
}
