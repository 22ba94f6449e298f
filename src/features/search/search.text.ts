/**
 * Turning what a person typed into a full-text query both databases take as data, and the databases'
 * highlighted snippets back into safe HTML. Pure: no database.
 */

/** What the databases put either side of a matched word in a snippet: private-use characters. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** At most this many words are searched for. */
export const MAX_TERMS = 12;

/**
 * The words of a query: runs of letters and digits, lower-cased, each once. Everything else (quotes,
 * stars, colons, minus signs, brackets) separates words, so none of the engines' own syntax survives.
 */
export function searchTerms(q: string): string[] {
  const words = q
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/**
 * An FTS5 MATCH expression: each word a quoted string, all of them required. Quoting makes NEAR, AND,
 * OR and NOT plain words; the words hold no quote characters to escape.
 */
export function fts5Match(terms: readonly string[]): string {
  return terms.map((t) => `"${t}"`).join(' ');
}

/**
 * The text handed to PostgreSQL's websearch_to_tsquery: the same words, so both databases ask for every
 * word. The words "or" and "and" are left out, as websearch_to_tsquery would read "or" as an operator
 * and the English configuration drops "and" anyway.
 */
export function websearchText(terms: readonly string[]): string {
  return terms.filter((t) => t !== 'or' && t !== 'and').join(' ');
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * A database snippet as HTML: every character escaped, matched words in `<mark>`. A stray marker
 * character in the text itself can only move a highlight, never open an element.
 */
export function snippetHtml(raw: string): string {
  let html = '';
  let open = false;
  for (const part of raw.split(new RegExp(`([${MARK_START}${MARK_END}])`, 'u'))) {
    if (part === MARK_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === MARK_END) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += escapeHtml(part);
    }
  }
  return open ? `${html}</mark>` : html;
}
