/** Reading `q` for the search API: GOV.UK-style messages naming the parameter. */
import { searchTerms } from './search.text.js';

/** As the search page allows (markers.form.ts). */
export const MAX_QUERY_LENGTH = 200;

export type ParsedQuery = { q: string; error?: undefined } | { q?: undefined; error: string };

export function parseApiQuery(value: unknown): ParsedQuery {
  const q = typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '';
  if (!q.trim()) return { error: 'q: enter words to search for' };
  if (q.length > MAX_QUERY_LENGTH) return { error: `q: must be ${MAX_QUERY_LENGTH} characters or fewer` };
  if (!searchTerms(q).length) return { error: 'q: enter words to search for, using letters or numbers' };
  return { q };
}
