import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { readPage } from './helpers/html.js';

// The accessibility statement claims nothing the repository does not back (issue 20): what it says of
// manual checks is what docs/accessibility-testing.md records, and the automated checks that document
// names exist.

const root = new URL('../', import.meta.url);
const DOC = readFileSync(new URL('docs/accessibility-testing.md', root), 'utf8');

/** A section of the document, from its heading to the next heading of the same level. */
function section(heading: string): string {
  const start = DOC.indexOf(`## ${heading}\n`);
  expect(start, `the section "${heading}" of docs/accessibility-testing.md`).toBeGreaterThanOrEqual(0);
  const next = DOC.indexOf('\n## ', start + 3);
  return DOC.slice(start, next < 0 ? undefined : next);
}

/** The newest row of the record of manual runs, as cells. */
function newestRun(): { date: string; found: string } {
  const rows = section('Record of manual runs')
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(Date|-)/.test(line));
  const cells = rows[0]!.split('|').map((cell) => cell.trim());
  return { date: cells[1]!, found: cells[6]! };
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('the accessibility statement', () => {
  it('says what the record of manual checks says, and where that record is', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/accessibility' });
    expect(res.statusCode).toBe(200);
    const page = readPage(res.body);
    const run = newestRun();
    const said = page.text('#manual-checks');
    if (/No manual run has been made yet/.test(run.found)) {
      expect(said).toContain('No one has made these manual checks yet');
      expect(page.text('main')).not.toMatch(/we (also )?check (the )?pages by hand/i);
    } else {
      expect(said, 'the date of the last manual run').toContain(run.date);
    }
    expect(page.text('main')).toContain('docs/accessibility-testing.md');
    expect(page.text('main')).toContain('320 pixels');
  });

  it('names only automated checks that exist', () => {
    const table = section('What the automated suite checks, on every change');
    const files = [...table.matchAll(/`([\w./-]+\.ts)`/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(existsSync(new URL(file, root)), file).toBe(true);
    // The width the statement and the document give is the one the browser suite uses.
    expect(readFileSync(new URL('e2e/support/reflow.ts', root), 'utf8')).toContain('NARROW_WIDTH = 320;');
  });
});
