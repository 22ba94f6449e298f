import { learningFixture, LEARNING_YEAR, type LearningFixture } from './lib/learning-fixture.js';
import { round, type Report } from './lib/report.js';
import type { Scenario, ScenarioContext, ServerHandle } from './lib/scenario.js';

/**
 * Learning across reviews at scale (issue 19 §6): the dashboard, search, the markers API and the signed-in
 * lists that grow with the number of reviews, on a partnership seeded with BENCH_LEARNING_REVIEWS demo
 * reviews (default 200; 5000 for the figures), on SQLite and on PostgreSQL. Each runs one request at
 * a time, so its p95 is the latency of a request on its own, not of a queue. A scenario whose route answers
 * 404 is skipped as "route not present" (the route is not built in this tree), never measured as a failure.
 * The yearly report extract is timed request by request (timeAnnualReport).
 */

const fixtures = new Map<string, Promise<LearningFixture>>();
function fixtureFor(ctx: ScenarioContext): Promise<LearningFixture> {
  const server = Object.values(ctx.servers).find((s) => s.url === ctx.baseUrl);
  if (!server?.database) throw new Error(`no database known for ${ctx.baseUrl}`);
  let fixture = fixtures.get(ctx.baseUrl);
  if (!fixture) {
    fixture = learningFixture(server.database, ctx.baseUrl);
    fixtures.set(ctx.baseUrl, fixture);
  }
  return fixture;
}

/** A single request slower than this is reported as such, not put under load (autocannon times out at 10 s). */
const TOO_SLOW_MS = 3_000;

/**
 * Asks for the route once: 'present', or why the scenario is skipped ('route not present' on a 404, or
 * too slow to load-test, with how long it took); an error for any other answer.
 */
async function probe(baseUrl: string, path: string, headers: Record<string, string>): Promise<'present' | string> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${path}`, { headers, redirect: 'manual' });
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status === 404) return 'route not present';
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  if (ms > TOO_SLOW_MS) return `too slow to load-test: one request took ${Math.round(ms)} ms`;
  return 'present';
}

interface LearningRoute {
  name: string;
  path: string;
  what: string;
  api?: boolean;
}

export const LEARNING_ROUTES: LearningRoute[] = [
  { name: 'learning-dashboard', path: '/learning', what: 'the learning dashboard' },
  {
    name: 'learning-dashboard-filtered',
    path: '/learning?round=retrospective&type=local-cspr&decided=2025',
    what: 'the learning dashboard with a round choice and two filters',
  },
  { name: 'learning-search', path: '/search?q=chronology', what: 'a search for "chronology" across the reviews' },
  {
    name: 'learning-markers-api',
    path: '/api/v1/learning/markers',
    what: 'the markers-across-reviews API',
    api: true,
  },
  { name: 'learning-reviews-list', path: '/reviews', what: 'the reviews list' },
  { name: 'learning-actions-list', path: '/actions', what: 'the actions list across reviews' },
];

export function learningScenarios(server: string, suffix = ''): Scenario[] {
  const where = suffix ? 'PostgreSQL' : 'SQLite';
  return LEARNING_ROUTES.map((route) => ({
    name: `${route.name}${suffix}`,
    description: `${route.what}, signed in as a partnership admin, seeded reviews, one request at a time (${where})`,
    server,
    requests: [],
    connections: 1,
    // The probe in setup has asked for the page once already; a slow page would spend a warm-up on one request.
    warmupSeconds: 0,
    setup: async (ctx) => {
      const f = await fixtureFor(ctx);
      const headers: Record<string, string> = route.api ? { authorization: f.bearer } : { cookie: f.cookie };
      const found = await probe(ctx.baseUrl, route.path, headers);
      if (found !== 'present') return { skip: found };
      return { headers, requests: [{ path: route.path }] };
    },
  }));
}

const ANNUAL_REPORT = `/learning/annual-report.docx?from=${LEARNING_YEAR.from}&to=${LEARNING_YEAR.to}`;
const ANNUAL_REPORT_RUNS = 5;
export const ANNUAL_REPORT_LIMIT_MS = 2_000;

export interface AnnualReportTiming {
  server: string;
  runs: number;
  median_ms?: number;
  max_ms?: number;
  bytes?: number;
  skipped?: string;
}

/** The yearly report for a financial year: one warm-up, then ANNUAL_REPORT_RUNS requests one after another. */
export async function timeAnnualReport(servers: Readonly<Record<string, ServerHandle>>): Promise<AnnualReportTiming[]> {
  const out: AnnualReportTiming[] = [];
  for (const [name, server] of Object.entries(servers)) {
    const fixture = fixtures.get(server.url);
    if (!fixture) continue;
    const headers = { cookie: (await fixture).cookie };
    const found = await probe(server.url, ANNUAL_REPORT, headers);
    if (found !== 'present') {
      console.log(`bench: yearly report on ${name} skipped: ${found}`);
      out.push({ server: name, runs: 0, skipped: found });
      continue;
    }
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < ANNUAL_REPORT_RUNS; i++) {
      const started = performance.now();
      const res = await fetch(`${server.url}${ANNUAL_REPORT}`, { headers });
      bytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`GET ${ANNUAL_REPORT} answered ${res.status}`);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const timing = {
      server: name,
      runs: times.length,
      median_ms: round(times[Math.floor(times.length / 2)]!, 1),
      max_ms: round(times.at(-1)!, 1),
      bytes,
    };
    console.log(`bench: yearly report on ${name}: median ${timing.median_ms} ms, max ${timing.max_ms} ms`);
    out.push(timing);
  }
  return out;
}

/** Adds the seeds, the skipped scenarios and the yearly report's timings (with its target) to the report. */
export async function addLearning(
  report: Report,
  skipped: { name: string; reason: string }[],
  annualReport: AnnualReportTiming[] | undefined,
): Promise<void> {
  const seeds = await Promise.all([...fixtures.values()].map(async (f) => (await f).seed));
  Object.assign(report, { skipped_scenarios: skipped, learning: { seeds, annual_report: annualReport } });
  for (const t of annualReport ?? []) {
    const key = `annual_report_${t.server === 'app' ? 'sqlite' : 'postgres'}_max_ms`;
    const limit = ANNUAL_REPORT_LIMIT_MS;
    report.targets[key] = {
      description: `the yearly report extract for a financial year: slowest of ${ANNUAL_REPORT_RUNS} ≤ ${limit} ms`,
      limit,
      unit: 'ms',
      kind: 'at-most',
    };
    report.verdicts[key] =
      t.max_ms === undefined
        ? { verdict: 'not measured', limit, unit: 'ms' }
        : { verdict: t.max_ms <= limit ? 'met' : 'missed', measured: t.max_ms, limit, unit: 'ms' };
  }
}
