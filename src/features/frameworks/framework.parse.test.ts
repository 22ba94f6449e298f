import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { paths } from '../../lib/paths.js';
import { parseFrameworkText, placeOf, problemLine } from './framework.parse.js';

const scrText = readFileSync(join(paths.frameworks, 'scr-quality-markers.yaml'), 'utf8');

const minimal = {
  key: 'local-markers',
  version: '1.0.0',
  title: 'Local markers',
  summary: 'Markers a partnership wrote for itself.',
  publisher: 'Anytown Safeguarding Partnership',
  published: '2026-01-31',
  source: { name: 'Our own work' },
  licence: 'All rights reserved',
  audiences: [{ key: 'panel', label: 'Review panel' }],
  scale: [
    { key: 'met', label: 'Met' },
    { key: 'not-met', label: 'Not met' },
  ],
  stages: [
    {
      key: 'set-up',
      title: 'Set-up',
      markers: [
        {
          key: 'scope',
          number: 1,
          title: 'Scope',
          statement: 'The review knows what it is looking at.',
          rationale: 'Because a clear scope keeps the review proportionate.',
          questions: [{ key: 'agreed', text: 'Is the scope agreed?', audiences: ['panel'] }],
        },
      ],
    },
  ],
};

describe('parseFrameworkText', () => {
  it('accepts the built-in SCR framework', () => {
    const result = parseFrameworkText(scrText);
    expect(result.ok).toBe(true);
  });

  it('accepts JSON as well as YAML', () => {
    expect(parseFrameworkText(JSON.stringify(minimal, null, 2)).ok).toBe(true);
  });

  it('names the line, column and field of each problem, all at once', () => {
    const broken = structuredClone(minimal) as Record<string, unknown>;
    const stage = (broken.stages as { markers: Record<string, unknown>[] }[])[0]!;
    stage.markers[0]!.questions = [];
    delete broken.title;
    broken.version = 'one';
    const text = stringify(broken);
    const result = parseFrameworkText(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.problems.map((p) => `${p.line}:${p.column} ${p.field}: ${p.message}`);
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(messages).toContain(`${lineOf('version:')}:10 version: Version must be a version like "1.0.0"`);
    expect(messages).toContain(`1:1 title: Title is missing`);
    expect(messages).toContainEqual(expect.stringMatching(/questions: Marker 'scope' has no questions$/));
  });

  it('reports YAML syntax errors with their place', () => {
    const result = parseFrameworkText('key: [unclosed\nversion: 1.0.0\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]?.line).toBeGreaterThan(0);
      expect(result.problems[0]?.message).toMatch(/^The file is not valid YAML or JSON/);
    }
  });

  it('refuses a file over 1 MB, naming the limit', () => {
    const result = parseFrameworkText('#'.repeat(1024 * 1024 + 1));
    expect(result).toEqual({ ok: false, problems: [{ field: '(file)', message: 'The file must be 1 MB or smaller' }] });
  });

  it('refuses a text over 5,000 characters and questions with unknown audiences', () => {
    const fw = structuredClone(minimal);
    fw.stages[0]!.markers[0]!.statement = 'x'.repeat(5001);
    fw.stages[0]!.markers[0]!.questions[0]!.audiences = ['nobody'];
    const result = parseFrameworkText(stringify(fw));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const messages = result.problems.map((p) => p.message);
      expect(messages).toContain("Marker 'scope' statement must be 5000 characters or fewer");
    }
  });

  it('never throws, and always locates problems, on thousands of broken files', () => {
    const lines = scrText.split('\n');
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(lines.length - 1), fc.oneof(fc.string(), fc.constantFrom('', '  -', ':', '[', 'key: 1'))),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (edits) => {
          const copy = [...lines];
          for (const [at, text] of edits) copy[at] = text;
          const result = parseFrameworkText(copy.join('\n'));
          if (!result.ok) {
            expect(result.problems.length).toBeGreaterThan(0);
            for (const p of result.problems) {
              expect(p.message.length).toBeGreaterThan(0);
              expect(p.field.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseFrameworkText(JSON.stringify(value) ?? 'null');
        expect(result.ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it('names the limit when a marker has too many questions', () => {
    const fw = structuredClone(minimal);
    const q = fw.stages[0]!.markers[0]!.questions[0]!;
    fw.stages[0]!.markers[0]!.questions = Array.from({ length: 51 }, (_, i) => ({
      ...q,
      audiences: [...q.audiences],
      key: `q${i}`,
    }));
    const result = parseFrameworkText(stringify(fw));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((p) => p.message)).toEqual(["Marker 'scope' has 51 questions; the limit is 50"]);
  });

  it('takes only web addresses for the source, never javascript: or data: links', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,hi']) {
      const result = parseFrameworkText(stringify({ ...minimal, source: { name: 'x', url } }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0]?.message).toBe('Source url must be a web address starting https://');
    }
  });

  it('keeps the marker keys that name the framework’s own pages', () => {
    const fw = structuredClone(minimal);
    fw.stages[0]!.markers[0]!.key = 'print';
    const result = parseFrameworkText(stringify(fw));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems[0]?.message).toMatch(/^Marker key 'print' is kept for the framework's own pages/);
  });

  it('places problems for people and for editors', () => {
    expect(placeOf({ line: 12, column: 5 })).toBe('line 12, column 5');
    expect(placeOf({ row: 7, cell: 'C' })).toBe('row 7, column C');
    expect(placeOf({ sheet: 'Framework', row: 3, cell: 'B' })).toBe('Framework sheet, row 3, column B');
    expect(placeOf({})).toBe('');
    expect(problemLine('f.yaml', { line: 2, column: 3, field: 'title', message: 'Title is missing' })).toBe(
      'f.yaml:2:3 title: Title is missing',
    );
    expect(problemLine('f.csv', { row: 7, cell: 'C', field: 'question', message: 'm' })).toBe('f.csv:C7 question: m');
    expect(problemLine('f.xlsx', { sheet: 'Framework', row: 3, cell: 'B', field: 'key', message: 'm' })).toBe(
      'f.xlsx:Framework!B3 key: m',
    );
  });
});
