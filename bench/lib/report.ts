import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import type { Measurements, Target } from '../targets.js';
import type { AppLogEntry, MemoryReading } from './app-server.js';
import type { PageWeight } from './page-weight.js';
import type { BenchConfig, ScenarioResult } from './scenario.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
  };
}

export type Verdict =
  | { verdict: 'met' | 'missed'; measured: number; limit: number; unit: string }
  | { verdict: 'not measured'; limit: number; unit: string };

export function judge(targets: Target[], m: Measurements): Record<string, Verdict> {
  return Object.fromEntries(
    targets.map((t): [string, Verdict] => {
      const measured = t.measure(m);
      if (measured === undefined || Number.isNaN(measured)) {
        return [t.key, { verdict: 'not measured', limit: t.limit, unit: t.unit }];
      }
      const met = t.kind === 'at-least' ? measured >= t.limit : measured <= t.limit;
      return [t.key, { verdict: met ? 'met' : 'missed', measured: round(measured, 3), limit: t.limit, unit: t.unit }];
    }),
  );
}

export interface Report {
  machine: Machine;
  date: string;
  config: {
    connections: number;
    duration_s: number;
    warmup_s: number;
    page: string;
    app_node_args: string[];
  };
  /** Scenarios during which other processes used more than CONTENDED_OTHER_PCT % of a core. */
  contended_scenarios: string[];
  scenarios: Record<string, unknown>[];
  rss_mb: number;
  rss: { measure: string; peak_mb: number; whole_run_peak_mb: number; after_start_mb: number; at_end_mb: number };
  page_weight_kb_compressed: number;
  page_weight: {
    accept_encoding: string;
    total_bytes_compressed: number;
    total_bytes_uncompressed: number;
    resources: { url: string; via: string; encoding: string; bytes_compressed: number; bytes_uncompressed: number }[];
    not_counted: string;
  };
  app_warnings: AppLogEntry[];
  /** Percent of one core used by other processes just before the run (other work on the machine skews figures). */
  background_cpu_pct_before: number;
  targets: Record<string, { description: string; limit: number; unit: string; kind: string }>;
  verdicts: Record<string, Verdict>;
}

export function buildReport(input: {
  config: BenchConfig;
  page: string;
  appNodeArgs: string[];
  results: ScenarioResult[];
  /** afterPublic: read after the last public-page scenario (they run first), when any ran. */
  memory: { afterStart: MemoryReading; afterPublic?: MemoryReading; atEnd: MemoryReading };
  pageWeight: PageWeight;
  appWarnings: AppLogEntry[];
  backgroundCpuPct: number;
  targets: Target[];
}): Report {
  // The RSS target is the public question browser's (issue 2): its peak is the high-water mark read after
  // the public-page scenarios. Signed-in pages and saves run afterwards; their peak is reported beside it.
  const rssMb = (input.memory.afterPublic ?? input.memory.atEnd).peakRssMb;
  const measurements: Measurements = {
    results: input.results,
    rssMb,
    pageWeightKb: input.pageWeight.totalCompressedKb,
  };
  return {
    machine: machine(),
    date: new Date().toISOString(),
    config: {
      connections: input.config.connections,
      duration_s: input.config.durationSeconds,
      warmup_s: input.config.warmupSeconds,
      page: input.page,
      app_node_args: input.appNodeArgs,
    },
    contended_scenarios: input.results.filter(isContended).map((r) => r.scenario.name),
    scenarios: input.results.map(scenarioJson),
    rss_mb: round(rssMb, 1),
    rss: {
      measure:
        'rss_mb is the peak serving public pages: VmHWM (resident-set high-water mark) of the app process from /proc/<pid>/status, read after the last public-page scenario (or the last scenario when none ran); whole_run_peak_mb is VmHWM after every scenario',
      peak_mb: round(rssMb, 1),
      whole_run_peak_mb: round(input.memory.atEnd.peakRssMb, 1),
      after_start_mb: round(input.memory.afterStart.rssMb, 1),
      at_end_mb: round(input.memory.atEnd.rssMb, 1),
    },
    page_weight_kb_compressed: round(input.pageWeight.totalCompressedKb, 1),
    page_weight: {
      accept_encoding: input.pageWeight.acceptEncoding,
      total_bytes_compressed: input.pageWeight.totalCompressedBytes,
      total_bytes_uncompressed: input.pageWeight.totalUncompressedBytes,
      resources: input.pageWeight.resources.map((r) => ({
        url: r.url,
        via: r.via,
        encoding: r.contentEncoding,
        bytes_compressed: r.compressedBytes,
        bytes_uncompressed: r.uncompressedBytes,
      })),
      not_counted: 'images, icons and fonts (the favicon, and the crest SVG the CSS references)',
    },
    app_warnings: input.appWarnings,
    background_cpu_pct_before: round(input.backgroundCpuPct, 0),
    targets: Object.fromEntries(
      input.targets.map((t) => [t.key, { description: t.description, limit: t.limit, unit: t.unit, kind: t.kind }]),
    ),
    verdicts: judge(input.targets, measurements),
  };
}

/** Other processes used more than this share of a core during a run: its figures are suspect. */
export const CONTENDED_OTHER_PCT = 15;

export function isContended(r: ScenarioResult): boolean {
  return r.cpu.otherPct > CONTENDED_OTHER_PCT;
}

/** CPU time the server spent per response (main thread + GC and other threads): barely moved by contention. */
export function cpuMsPerRequest(r: ScenarioResult): number {
  return r.load.totalResponses
    ? (r.cpu.serverPct / 100) * ((r.load.durationSeconds * 1000) / r.load.totalResponses)
    : NaN;
}

/** A fixed-rate run counts as having reached its rate when it delivered at least 95 % of it. */
function rateReached(r: ScenarioResult): boolean {
  return r.scenario.rate === undefined || r.load.rps >= 0.95 * r.scenario.rate;
}

function scenarioJson(r: ScenarioResult): Record<string, unknown> {
  const l = r.load;
  return {
    name: r.scenario.name,
    description: r.scenario.description,
    server: r.scenario.server,
    rps: round(l.rps, 0),
    p50_ms: round(l.p50Ms, 2),
    p95_ms: round(l.p95Ms, 2),
    p99_ms: round(l.p99Ms, 2),
    ...(r.ratioToBaseline !== undefined && { ratio_to_baseline: round(r.ratioToBaseline, 3) }),
    ...(r.scenario.rate !== undefined && { target_rate: r.scenario.rate, rate_reached: rateReached(r) }),
    max_ms: round(l.maxMs, 2),
    responses: l.totalResponses,
    non2xx: l.non2xx,
    errors: l.errors,
    timeouts: l.timeouts,
    bytes_per_response: Math.round(l.bytesPerResponse),
    duration_s: round(l.durationSeconds, 2),
    ...(l.autocannon ? { autocannon_latency_ms: { p50: l.autocannon.p50Ms, p99: l.autocannon.p99Ms } } : {}),
    cpu_pct_of_one_core: {
      server: round(r.cpu.serverPct, 0),
      autocannon: round(r.cpu.loadGeneratorPct, 0),
      other_processes: round(r.cpu.otherPct, 0),
    },
    server_cpu_ms_per_request: round(cpuMsPerRequest(r), 3),
    contended: isContended(r),
  };
}

export function writeReport(file: string, report: Report): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

export function printReport(report: Report, results: ScenarioResult[]): void {
  const rows = results.map((r) => [
    r.scenario.name,
    r.scenario.rate === undefined ? 'max' : `${r.scenario.rate}/s${rateReached(r) ? '' : ' (not reached)'}`,
    fmt(r.load.rps, 0),
    fmt(r.load.p50Ms, 2),
    fmt(r.load.p95Ms, 2),
    fmt(r.load.p99Ms, 2),
    r.ratioToBaseline === undefined ? '' : fmt(r.ratioToBaseline, 3),
    String(r.load.totalResponses),
    fmt(cpuMsPerRequest(r), 3),
    `${fmt(r.cpu.serverPct, 0)} / ${fmt(r.cpu.loadGeneratorPct, 0)} / ${fmt(r.cpu.otherPct, 0)}${isContended(r) ? ' !' : ''}`,
  ]);
  console.log('');
  console.log(
    table(
      [
        'scenario',
        'load',
        'req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'vs baseline',
        'responses',
        'server CPU ms/req',
        'CPU % server/autocannon/other',
      ],
      rows,
    ),
  );
  console.log('');
  const m = report.machine;
  console.log(`machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, node ${m.node}, ${m.platform}`);
  console.log(
    `app RSS: peak ${report.rss.peak_mb} MB (VmHWM) serving public pages; ${report.rss.whole_run_peak_mb} MB over the whole run ` +
      `(signed-in pages and saves included), ${report.rss.at_end_mb} MB at the end`,
  );
  console.log(`page weight (${report.page_weight.accept_encoding}): ${report.page_weight_kb_compressed} KB`);
  for (const r of report.page_weight.resources) {
    console.log(
      `  ${r.url.padEnd(52)} ${r.encoding.padEnd(8)} ${fmt(r.bytes_compressed / 1024, 1).padStart(6)} KB  (${fmt(r.bytes_uncompressed / 1024, 1)} KB raw)`,
    );
  }
  console.log('');
  console.log(
    table(
      ['target', 'limit', 'measured', 'verdict'],
      Object.entries(report.verdicts).map(([key, v]) => [
        key,
        `${report.targets[key]?.kind === 'at-least' ? '≥' : '≤'} ${v.limit} ${v.unit}`,
        'measured' in v ? `${v.measured} ${v.unit}` : '–',
        v.verdict === 'missed' ? 'MISSED' : v.verdict,
      ]),
    ),
  );
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
