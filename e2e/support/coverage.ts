import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect } from 'vitest';
import { MATRIX } from '../../test/authorization-matrix/index.js';
import { PAGE_CHECKS } from '../page-coverage.js';
import { perSpecFile } from './per-spec.js';

// Which pages a spec file audits (axe at 1280 and 320 px, and the reflow check): every audit records its
// route here. After a spec file's tests, the routes e2e/page-coverage.ts says the file checks must be
// among them, so that table cannot claim a check that does not happen. The table itself must list every
// GET page of the authorisation matrix (test/browser-page-coverage.unit.test.ts).

const routes = [...new Set(MATRIX.filter((e) => e.method === 'GET' && !e.path.includes('*')).map((e) => e.path))].map(
  (route) => ({
    route,
    pattern: new RegExp(`^${route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`),
    params: (route.match(/:/g) ?? []).length,
  }),
);

/** The route of a path: of those that match, the one with the fewest parameters (`/rounds/compare`, not `/rounds/:roundId`). */
export function routeOf(pathname: string): string | undefined {
  return routes.filter((r) => r.pattern.test(pathname)).sort((a, b) => a.params - b.params)[0]?.route;
}

/** The routes audited by this spec file. */
const audited = perSpecFile(() => new Set<string>());

export function recordAudit(url: string): void {
  const pathname = new URL(url).pathname;
  audited().add(routeOf(pathname) ?? pathname);
  // For whoever updates e2e/page-coverage.ts: PAGE_COVERAGE_OUT=/tmp/x.tsv lists every audit of a run.
  const out = process.env.PAGE_COVERAGE_OUT;
  if (out) appendFileSync(out, `${specFile() ?? '?'}\t${routeOf(pathname) ?? pathname}\n`);
}

function specFile(): string | undefined {
  const path = expect.getState().testPath;
  return path ? basename(path) : undefined;
}

/** Fails if this spec file audited none of a page e2e/page-coverage.ts says it checks. */
export function expectClaimedPagesAudited(): void {
  const spec = specFile();
  if (!spec) return;
  const missing = Object.entries(PAGE_CHECKS)
    .filter(([route, file]) => file === spec && !audited().has(route))
    .map(([route]) => route);
  if (missing.length) {
    throw new Error(
      `e2e/page-coverage.ts says ${spec} checks these pages, but no test in it audited them:\n` +
        missing.map((route) => `  - ${route}`).join('\n'),
    );
  }
}
