import type { ScenarioResult } from './lib/scenario.js';
import { FIXED_RATE } from './scenarios.js';
import { SAVE_FIXED_RATE } from './signed-in.js';

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
    description: 'app resident memory serving public pages (peak, VmHWM) ≤ 150 MB',
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
  {
    key: 'round_overview_sqlite_throughput_vs_baseline',
    description: 'signed-in round overview throughput ≥ 20 % of the baseline’s (SQLite)',
    unit: 'ratio',
    kind: 'at-least',
    limit: 0.2,
    measure: (m) => scenario(m, 'round-overview')?.ratioToBaseline,
  },
  {
    key: 'save_answer_sqlite_p99_at_fixed_rate_ms',
    description: `saving one answer: p99 ≤ 20 ms at ${SAVE_FIXED_RATE} requests/s (SQLite)`,
    unit: 'ms',
    kind: 'at-most',
    limit: 20,
    measure: (m) => scenario(m, `save-answer-fixed-${SAVE_FIXED_RATE}rps`)?.load.p99Ms,
  },
  {
    key: 'save_answer_sqlite_peak_per_s',
    description: 'saving one answer: peak ≥ 2,000 saves/s (SQLite)',
    unit: 'saves/s',
    kind: 'at-least',
    limit: 2000,
    measure: (m) => scenario(m, 'save-answer')?.load.rps,
  },
  {
    key: 'round_overview_postgres_throughput_vs_baseline',
    description: 'signed-in round overview throughput ≥ 20 % of the baseline’s (PostgreSQL)',
    unit: 'ratio',
    kind: 'at-least',
    limit: 0.2,
    measure: (m) => scenario(m, 'round-overview-postgres')?.ratioToBaseline,
  },
  {
    key: 'save_answer_postgres_p99_at_fixed_rate_ms',
    description: `saving one answer: p99 ≤ 20 ms at ${SAVE_FIXED_RATE} requests/s (PostgreSQL)`,
    unit: 'ms',
    kind: 'at-most',
    limit: 20,
    measure: (m) => scenario(m, `save-answer-postgres-fixed-${SAVE_FIXED_RATE}rps`)?.load.p99Ms,
  },
  {
    key: 'save_answer_postgres_peak_per_s',
    description: 'saving one answer: peak ≥ 2,000 saves/s (PostgreSQL)',
    unit: 'saves/s',
    kind: 'at-least',
    limit: 2000,
    measure: (m) => scenario(m, 'save-answer-postgres')?.load.rps,
  },
  ...learningTargets('sqlite', ''),
  ...learningTargets('postgres', '-postgres'),
];

/** Issue 19 §6: the learning pages at scale (BENCH_LEARNING_REVIEWS seeded reviews), one request at a time. */
function learningTargets(database: string, suffix: string): Target[] {
  return [
    {
      key: `learning_dashboard_${database}_p95_ms`,
      description: `learning dashboard p95 ≤ 100 ms (${database})`,
      unit: 'ms',
      kind: 'at-most',
      limit: 100,
      measure: (m) => scenario(m, `learning-dashboard${suffix}`)?.load.p95Ms,
    },
    {
      key: `learning_search_${database}_p95_ms`,
      description: `search across reviews p95 ≤ 50 ms (${database})`,
      unit: 'ms',
      kind: 'at-most',
      limit: 50,
      measure: (m) => scenario(m, `learning-search${suffix}`)?.load.p95Ms,
    },
  ];
}
