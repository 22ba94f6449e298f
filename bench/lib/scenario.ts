import type { DatabaseConfig } from '../../src/config/config.js';
import { startCpuMeter, type CpuUse } from './cpu.js';
import { assertClean, runLoad, type LoadOptions, type LoadRequest, type LoadResult } from './load.js';
import { runOpenLoop } from './open-loop.js';

/**
 * A scenario is a name, the server it targets, the request(s) every connection cycles through,
 * a load shape (as fast as possible, or a fixed overall rate) and an optional setup that runs
 * once before the warm-up (e.g. sign in and return the session cookie as a header).
 */

export interface BenchConfig {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

/** A running server a scenario can target ('app', 'baseline', later e.g. 'app-postgres'). */
export interface ServerHandle {
  url: string;
  /** For the CPU figures; a server without one (e.g. remote) gets none. */
  pid?: number;
  /** The app's database, for scenarios whose setup makes records (a review to work on). */
  database?: DatabaseConfig;
}

export interface ScenarioContext {
  /** Origin of the server this scenario targets. */
  baseUrl: string;
  servers: Readonly<Record<string, ServerHandle>>;
  config: BenchConfig;
}

export interface ScenarioSetupResult {
  /** Added to every request (e.g. { cookie: 'session=…' }). */
  headers?: Record<string, string>;
  /** Replaces the scenario's requests (e.g. with ids created during setup). */
  requests?: LoadRequest[];
  /** Why the scenario cannot run here (e.g. "route not present": its route answered 404); it is skipped. */
  skip?: string;
}

export interface Scenario {
  name: string;
  /** One line for the report: what is measured. */
  description: string;
  server: string;
  requests: LoadRequest[];
  /** Requests per second across all connections, evenly spaced (open loop); absent = maximum throughput (autocannon). */
  rate?: number;
  setup?: (ctx: ScenarioContext) => Promise<ScenarioSetupResult | void>;
  /** The scenario whose throughput this one is divided by, for ratio_to_baseline. */
  baseline?: string;
  /** Overrides the configured warm-up for this scenario. */
  warmupSeconds?: number;
  /** Overrides the configured number of connections (1: one request at a time, the latency of each alone). */
  connections?: number;
}

export interface ScenarioRun {
  load: LoadResult;
  /** Percent of one core, during the measured run only. */
  cpu: CpuUse;
}

/** A scenario whose setup found it cannot run here, and why. */
export interface ScenarioSkipped {
  skipped: string;
}

export interface ScenarioResult extends ScenarioRun {
  scenario: Scenario;
  ratioToBaseline?: number;
}

export async function runScenario(
  scenario: Scenario,
  servers: Readonly<Record<string, ServerHandle>>,
  config: BenchConfig,
): Promise<ScenarioRun | ScenarioSkipped> {
  const server = servers[scenario.server];
  if (!server) throw new Error(`scenario "${scenario.name}": no server named "${scenario.server}" was started`);
  const ctx: ScenarioContext = { baseUrl: server.url, servers, config };
  const prepared = (await scenario.setup?.(ctx)) ?? {};
  if (prepared.skip) return { skipped: prepared.skip };
  const base = {
    baseUrl: server.url,
    requests: prepared.requests ?? scenario.requests,
    connections: scenario.connections ?? config.connections,
    overallRate: scenario.rate,
    headers: prepared.headers,
  };
  const run = (o: LoadOptions) => (o.overallRate ? runOpenLoop({ ...o, overallRate: o.overallRate }) : runLoad(o));
  const warmupSeconds = scenario.warmupSeconds ?? config.warmupSeconds;
  if (warmupSeconds > 0) {
    assertClean(`${scenario.name} (warm-up)`, await run({ ...base, durationSeconds: warmupSeconds }));
  }
  const meter = startCpuMeter(server.pid);
  const load = await run({ ...base, durationSeconds: config.durationSeconds });
  const cpu = meter.stop();
  assertClean(scenario.name, load);
  return { load, cpu };
}

/** Fills in ratioToBaseline (rps ÷ the baseline scenario's rps) where both were run. */
export function withRatios(results: ScenarioResult[]): ScenarioResult[] {
  const byName = new Map(results.map((r) => [r.scenario.name, r]));
  return results.map((r) => {
    const base = r.scenario.baseline ? byName.get(r.scenario.baseline) : undefined;
    return base && base.load.rps > 0 ? { ...r, ratioToBaseline: r.load.rps / base.load.rps } : r;
  });
}

function positive(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, not "${raw}"`);
  }
  return value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  return {
    connections: Math.round(positive('BENCH_CONNECTIONS', env.BENCH_CONNECTIONS, 10)),
    durationSeconds: positive('BENCH_DURATION', env.BENCH_DURATION, 10),
    warmupSeconds: positive('BENCH_WARMUP', env.BENCH_WARMUP, 3, true),
  };
}
