import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NO_BROWSER_CHECK, NOT_PAGES, PAGE_CHECKS } from '../e2e/page-coverage.js';
import { MATRIX } from './authorization-matrix/index.js';

// As the authorisation matrix fails for a route with no rules, this fails for a GET route with no
// browser check (axe at 1280 and 320 px and the reflow check: e2e/page-coverage.ts) and no reason
// written down for having none. That a spec file really audits the pages listed for it is checked
// by the browser suite itself, after each spec file (e2e/support/coverage.ts).

const GET_ROUTES = [...new Set(MATRIX.filter((e) => e.method === 'GET' && !e.path.includes('*')).map((e) => e.path))];
const LISTS = { PAGE_CHECKS, NOT_PAGES, NO_BROWSER_CHECK } as const;

const specFiles = (dir: string): string[] =>
  readdirSync(new URL(`../${dir}/`, import.meta.url), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? specFiles(`${dir}/${entry.name}`) : entry.name.endsWith('.spec.ts') ? [entry.name] : [],
  );

describe('browser checks of every page', () => {
  it('lists every GET route of the authorisation matrix exactly once', () => {
    const problems = GET_ROUTES.flatMap((route) => {
      const lists = Object.entries(LISTS)
        .filter(([, list]) => route in list)
        .map(([name]) => name);
      if (lists.length === 0) return [`${route}: no browser check; add it to PAGE_CHECKS, or say why not`];
      if (lists.length > 1) return [`${route}: in ${lists.join(' and ')}`];
      return [];
    });
    expect(problems, 'e2e/page-coverage.ts').toEqual([]);
  });

  it('lists only routes the app has, each with a spec file that exists or a reason', () => {
    const specs = new Set(specFiles('e2e'));
    for (const [name, list] of Object.entries(LISTS)) {
      for (const [route, value] of Object.entries(list)) {
        expect(GET_ROUTES, `${name}: ${route} is a GET route of the matrix`).toContain(route);
        if (list === PAGE_CHECKS) expect(specs, `${route}: the spec file ${value}`).toContain(value);
        else expect(value.length, `${name}: the reason for ${route}`).toBeGreaterThan(10);
      }
    }
  });
});
