import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzRuns } from '../../../test/helpers/fuzz.js';
import { fts5Match, MARK_END, MARK_START, searchTerms, snippetHtml, websearchText } from './search.text.js';

describe('searchTerms and fts5Match', () => {
  it('keep letters and digits only, each word quoted', () => {
    expect(searchTerms('NEAR(Chronology, "GP*": -visits) Chronology')).toEqual(['near', 'chronology', 'gp', 'visits']);
    expect(fts5Match(['near', 'gp'])).toBe('"near" "gp"');
    expect(websearchText(['cats', 'or', 'dogs'])).toBe('cats dogs');
  });

  it('make a MATCH expression FTS5 accepts whatever was typed', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61')");
    db.prepare('INSERT INTO t (body) VALUES (?)').run('The chronology of visits');
    const count = db.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (typed) => {
        const terms = searchTerms(typed);
        if (terms.length) expect(() => count.get(fts5Match(terms))).not.toThrow();
      }),
      { numRuns: fuzzRuns(300) },
    );
    expect(count.get(fts5Match(searchTerms('chronologies')))).toEqual({ n: 1 });
    db.close();
  });
});

describe('snippetHtml', () => {
  it('escapes everything and marks only the matched words', () => {
    const raw = `<script>x</script> & ${MARK_START}chronology${MARK_END} "quoted" ${MARK_END}${MARK_START}open`;
    expect(snippetHtml(raw)).toBe(
      '&lt;script&gt;x&lt;/script&gt; &amp; <mark>chronology</mark> &quot;quoted&quot; <mark>open</mark>',
    );
  });

  it('never lets anything but <mark> through', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (raw) => {
        expect(snippetHtml(raw).replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/);
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
