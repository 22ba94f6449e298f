import type { ScenarioResult } from './lib/scenario.js';
import { FIXED_RATE } from './scenarios.js';

/** What the figures are judged against. A missed target is reported, never hidden. */

export interface Measurements {
  results: ScenarioResult[];
  rssMb: number;
  pageWeightKb: number;
}

export interface Target {
  key: string;
  description: string;
  unit: string;
  /** 'at-least': measured ≥ limit is met; 'at-most': measured ≤ limit is met. */
  kind: 'at-least' | 'at-most';
  limit: number;
  /** undefined when the scenario it needs was not run (BENCH_ONLY). */
  measure(m: Measurements): number | undefined;
}

const scenario = (m: Measurements, name: string) => m.results.find((r) => r.scenario.name === name);

export const targets: Target[] = [
  {
    key: 'marker_page_throughput_vs_baseline',
    description: 'marker page throughput ≥ 50 % of the baseline’s',
    unit: 'ratio',
    kind: 'at-least',
    limit: 0.5,
    measure: (m) => scenario(m, 'marker-page')?.ratioToBaseline,
  },
  {
    key: 'marker_page_p99_at_fixed_rate_ms',
    description: `marker page p99 ≤ 25 ms at ${FIXED_RATE} requests/s`,
    unit: 'ms',
    kind: 'at-most',
    limit: 25,
    measure: (m) => scenario(m, `marker-page-fixed-${FIXED_RATE}rps`)?.load.p99Ms,
  },
  {
    key: 'rss_mb',
    description: 'app resident memory (peak, VmHWM) ≤ 150 MB',
    unit: 'MB',
    kind: 'at-most',
    limit: 150,
    measure: (m) => m.rssMb,
  },
  {
    key: 'page_weight_kb_compressed',
    description: 'marker page with its CSS and JS ≤ 100 KB compressed',
    unit: 'KB',
    kind: 'at-most',
    limit: 100,
    measure: (m) => m.pageWeightKb,
  },
];
