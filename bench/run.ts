/**
 * `npm run bench`: builds, then measures the production app against a bare node:http baseline.
 * See docs/benchmarks.md. Environment:
 *   BENCH_DURATION     seconds per measured run (default 10)
 *   BENCH_WARMUP       seconds of discarded warm-up before each run (default 3; 0 = none)
 *   BENCH_CONNECTIONS  autocannon connections (default 10)
 *   BENCH_ONLY         regular expression: run only the scenarios whose name matches
 *   BENCH_CPU_PROF=1   start the app with --cpu-prof; profiles go to bench/results/profiles/
 *   BENCH_NODE_ARGS    extra node flags for the app, for experiments (e.g. "--max-semi-space-size=32")
 *   BENCH_STRICT=1     exit with status 2 when a target is missed (default: report only)
 *   BENCH_WAIT_QUIET   seconds to wait, at most, for other processes to leave the CPU before starting (default 0)
 *   BENCH_LEARNING_REVIEWS  demo reviews seeded for the learning scenarios (default 200; 5000 for issue 19's scale)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppServer } from './lib/app-server.js';
import { backgroundCpuPct } from './lib/cpu.js';
import { startBaselineServer } from './lib/baseline-server.js';
import { rawGet } from './lib/http.js';
import { measurePageWeight } from './lib/page-weight.js';
import { startBenchPostgres } from './lib/postgres.js';
import { installCleanup, stopAll, wasInterrupted } from './lib/processes.js';
import { buildReport, CONTENDED_OTHER_PCT, isContended, printReport, writeReport } from './lib/report.js';
import { configFromEnv, runScenario, withRatios, type ScenarioResult, type ServerHandle } from './lib/scenario.js';
import { addLearning, timeAnnualReport } from './learning.js';
import { MARKER_PAGE, scenarios } from './scenarios.js';
import { targets } from './targets.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

async function main(): Promise<number> {
  installCleanup();
  const config = configFromEnv();
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
  const selected = scenarios.filter((s) => !only || only.test(s.name));
  if (selected.length === 0) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY} matches no scenario`);

  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  if (process.env.BENCH_CPU_PROF === '1') {
    const dir = `${resultsDir}profiles`;
    mkdirSync(dir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', dir);
    console.log(`bench: CPU profiles of the app will be written to ${dir}`);
  }

  const waitQuietMs = Number(process.env.BENCH_WAIT_QUIET ?? 0) * 1000;
  const waitUntil = Date.now() + (Number.isFinite(waitQuietMs) ? waitQuietMs : 0);
  let background = await backgroundCpuPct(2_000);
  while (background > CONTENDED_OTHER_PCT && Date.now() < waitUntil) {
    console.log(`bench: other processes are using ${background.toFixed(0)} % of a core; waiting for a quiet machine…`);
    background = await backgroundCpuPct(5_000);
  }
  if (background > CONTENDED_OTHER_PCT) {
    console.warn(
      `bench: WARNING: other processes are using ${background.toFixed(0)} % of a core: ` +
        'the figures will be lower and noisier than on a quiet machine',
    );
  }

  console.log('bench: starting the app (NODE_ENV=production, SQLite in a temporary DATA_DIR)…');
  const app = await startAppServer({ projectRoot, nodeArgs });
  const afterStart = app.memory();
  console.log(`bench: app pid ${app.pid} on ${app.url}, RSS ${afterStart.rssMb.toFixed(1)} MB after start`);

  // The page, once, as autocannon will ask for it (no Accept-Encoding, so uncompressed).
  const page = await rawGet(`${app.url}${MARKER_PAGE}`);
  const contentType = String(page.headers['content-type'] ?? '');
  if (page.status !== 200 || !contentType.startsWith('text/html')) {
    throw new Error(`GET ${MARKER_PAGE} answered ${page.status} ${contentType}`);
  }
  const baseline = await startBaselineServer(page.body, contentType);
  const check = await rawGet(`${baseline.url}${MARKER_PAGE}`);
  if (!check.body.equals(page.body) || check.headers['content-type'] !== contentType) {
    throw new Error('the baseline does not answer the same bytes and content-type as the app');
  }
  console.log(
    `bench: baseline pid ${baseline.pid} on ${baseline.url}, serving ${page.body.length} bytes of ${contentType}`,
  );

  const pageWeight = await measurePageWeight(app.url, MARKER_PAGE);

  const servers: Record<string, ServerHandle> = {
    app: { ...app, database: { kind: 'sqlite', file: join(app.dataDir, 'quality-markers.sqlite') } },
    baseline,
  };
  let postgresNote: string | undefined;
  if (selected.some((s) => s.server === 'app-postgres')) {
    const pg = await startBenchPostgres();
    if (typeof pg === 'string') {
      postgresNote = `PostgreSQL scenarios not run: ${pg}`;
      console.warn(`bench: ${postgresNote}`);
    } else {
      console.log(`bench: PostgreSQL: ${pg.description}`);
      const appPg = await startAppServer({ projectRoot, nodeArgs, databaseUrl: pg.url });
      servers['app-postgres'] = { url: appPg.url, pid: appPg.pid, database: { kind: 'postgres', url: pg.url } };
      console.log(`bench: app on PostgreSQL, pid ${appPg.pid} on ${appPg.url}`);
    }
  }
  const results: ScenarioResult[] = [];
  const skipped: { name: string; reason: string }[] = [];
  let afterPublic: ReturnType<typeof app.memory> | undefined;
  for (const scenario of selected) {
    if (!servers[scenario.server]) {
      console.log(`bench: ${scenario.name} skipped (no ${scenario.server} server)`);
      continue;
    }
    const shape = scenario.rate ? `${scenario.rate} req/s` : 'max';
    console.log(
      `bench: ${scenario.name} (${shape}, ${scenario.connections ?? config.connections} connection(s), ` +
        `${scenario.warmupSeconds ?? config.warmupSeconds}s warm-up + ${config.durationSeconds}s)…`,
    );
    const run = await runScenario(scenario, servers, config);
    if ('skipped' in run) {
      console.log(`       skipped: ${run.skipped}`);
      skipped.push({ name: scenario.name, reason: run.skipped });
      continue;
    }
    const { load, cpu } = run;
    console.log(
      `       ${load.rps.toFixed(0)} req/s, p50 ${load.p50Ms.toFixed(2)} ms, p99 ${load.p99Ms.toFixed(2)} ms, ` +
        `${load.totalResponses} responses; CPU (% of a core): server ${cpu.serverPct.toFixed(0)}, ` +
        `autocannon ${cpu.loadGeneratorPct.toFixed(0)}, other processes ${cpu.otherPct.toFixed(0)}`,
    );
    results.push({ scenario, load, cpu });
    if (/^(marker-page|baseline)/.test(scenario.name)) afterPublic = app.memory();
  }

  const annualReport = selected.some((s) => s.name.startsWith('learning-'))
    ? await timeAnnualReport(servers)
    : undefined;
  const atEnd = app.memory();
  const appWarnings = app.warnings();
  await stopAll();

  const withRatio = withRatios(results);
  const report = buildReport({
    config,
    page: MARKER_PAGE,
    appNodeArgs: nodeArgs,
    results: withRatio,
    memory: { afterStart, afterPublic, atEnd },
    pageWeight,
    appWarnings,
    backgroundCpuPct: background,
    targets,
  });
  await addLearning(report, skipped, annualReport);
  printReport(report, withRatio);
  for (const s of skipped) console.log(`skipped: ${s.name} (${s.reason})`);
  await (await import('./exports.js')).benchExports(report);
  // A partial run (BENCH_ONLY) or an experiment (BENCH_NODE_ARGS) must not replace the reference figures.
  const file = `${resultsDir}${only || nodeArgs.length ? 'partial' : 'latest'}.json`;
  writeReport(file, report);
  console.log(`\nbench: wrote ${file}`);
  for (const w of appWarnings) {
    console.warn(`bench: the app logged at level ${w.level} ${w.count} time(s): ${w.msg}`);
  }
  const contended = withRatio.filter(isContended).map((r) => r.scenario.name);
  if (contended.length) {
    console.warn(
      `bench: WARNING: other processes used more than ${CONTENDED_OTHER_PCT} % of a core during: ` +
        `${contended.join(', ')}; rerun on a quiet machine before trusting these figures`,
    );
  }
  const missed = Object.entries(report.verdicts).filter(([, v]) => v.verdict === 'missed');
  if (missed.length) console.warn(`bench: targets missed: ${missed.map(([k]) => k).join(', ')}`);
  return missed.length && process.env.BENCH_STRICT === '1' ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    if (wasInterrupted()) return; // the signal handler stops the servers and exits with 130
    console.error(`\nbench FAILED: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll();
    process.exit(1);
  },
);
