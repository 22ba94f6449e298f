/**
 * Exporting a large review to each format: 18 markers × 10 questions × 3 rounds (every question
 * answered, with notes), 20 findings and 200 actions with progress notes, in a fresh SQLite database.
 * Each export is asked for through the API (app.inject: routing, the loader, the audit event and the
 * file) several times; the median and the maximum are reported against the 2-second target.
 *
 * Called from bench/run.ts (adds to the report it writes); `node --import tsx bench/exports.ts` runs
 * it alone and prints its table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { createDb } from '../src/db/create-db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createToken } from '../src/features/accounts/tokens.service.js';
import { loadFrameworkFiles } from '../src/features/frameworks/framework.load.js';
import { frameworkSchema, type FrameworkFile } from '../src/features/frameworks/framework.schema.js';
import { FrameworkCatalogue } from '../src/features/frameworks/frameworks.service.js';
import { paths } from '../src/lib/paths.js';
import { insertOrganisation, insertPerson } from '../test/helpers/client.js';
import { seedReview } from '../test/helpers/review-content.js';
import { round, type Report } from './lib/report.js';

const RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 7);
const LIMIT_MS = 2_000;

const FORMATS = [
  { name: 'docx', query: 'format=docx' },
  { name: 'xlsx', query: 'format=xlsx' },
  { name: 'pdf', query: 'format=pdf' },
  { name: 'csv', query: 'format=csv' },
  { name: 'csv-actions', query: 'format=csv&table=actions' },
  { name: 'json', query: 'format=json' },
] as const;

export interface ExportTiming {
  format: string;
  runs: number;
  median_ms: number;
  max_ms: number;
  bytes: number;
}

/** The SCR markers, each with 10 questions (its own, then more of the same kind). */
function largeFramework(): FrameworkFile {
  const scr = loadFrameworkFiles(paths.frameworks).find((f) => f.key === 'scr-quality-markers')!;
  const copy = structuredClone(scr);
  copy.key = 'bench-quality-markers';
  for (const marker of copy.stages.flatMap((s) => s.markers)) {
    for (let i = marker.questions.length; i < 10; i++) {
      marker.questions.push({
        key: `extra-${i + 1}`,
        text: `Is there evidence, in the records and from the people involved, that ${marker.title.toLowerCase()} was done well (check ${i + 1})?`,
        audiences: marker.questions[0]!.audiences,
      });
    }
  }
  return frameworkSchema.parse(copy);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function measureExports(): Promise<{ timings: ExportTiming[]; review: Record<string, number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'qm-bench-exports-'));
  const db = createDb({ kind: 'sqlite', file: join(dir, 'bench.sqlite') });
  try {
    await migrateToLatest(db);
    const framework = largeFramework();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir });
    const app = await buildApp(config, { db, catalogue: new FrameworkCatalogue([framework]) });
    await app.ready();
    const org = await insertOrganisation(db, 'Benchmarkshire Safeguarding Children Partnership');
    const person = await insertPerson(db, org.id, 'member');
    const actor = {
      userId: person.id,
      organisationId: org.id,
      partnershipRole: 'member' as const,
      ip: null,
      userAgent: null,
    };
    const { token } = await createToken(
      db,
      { organisationId: org.id, userId: person.id, name: 'bench', scopes: ['read'], expiresAt: null },
      actor,
    );
    const seeded = await seedReview(db, framework, actor, {
      reference: 'BENCH 1',
      rounds: 3,
      findings: 20,
      actions: 200,
    });
    const timings: ExportTiming[] = [];
    for (const f of FORMATS) {
      const times: number[] = [];
      let bytes = 0;
      // One warm-up (first use of a library), then the measured runs.
      for (let i = 0; i <= RUNS; i++) {
        const start = performance.now();
        const res = await app.inject({
          method: 'GET',
          url: `/api/v1/reviews/${seeded.review.id}/export?${f.query}`,
          headers: { authorization: `Bearer ${token}` },
        });
        const ms = performance.now() - start;
        if (res.statusCode !== 200) throw new Error(`export ${f.name} answered ${res.statusCode}`);
        bytes = res.rawPayload.length;
        if (i > 0) times.push(ms);
      }
      timings.push({
        format: f.name,
        runs: RUNS,
        median_ms: round(median(times), 1),
        max_ms: round(Math.max(...times), 1),
        bytes,
      });
    }
    await app.close();
    const markers = framework.stages.flatMap((s) => s.markers);
    return {
      timings,
      review: {
        rounds: seeded.rounds.length,
        markers: markers.length,
        questions_per_marker: 10,
        answers: seeded.rounds.length * markers.reduce((n, m) => n + m.questions.length, 0),
        findings: seeded.findings.length,
        actions: seeded.actions.length,
      },
    };
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTimings(timings: ExportTiming[]) {
  console.log('');
  console.log('export (large review)   median ms    max ms      bytes  verdict');
  console.log('---------------------   ---------  --------  ---------  -------');
  for (const t of timings) {
    console.log(
      `${t.format.padEnd(21)}   ${t.median_ms.toFixed(1).padStart(9)}  ${t.max_ms.toFixed(1).padStart(8)}  ${String(t.bytes).padStart(9)}  ${t.max_ms <= LIMIT_MS ? 'met' : 'MISSED'}`,
    );
  }
}

/** Measures the exports and adds them to the report: figures, targets (on the maximum) and verdicts. */
export async function benchExports(report: Report): Promise<void> {
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
  if (only && !only.test('exports')) return;
  console.log(`\nbench: exports of a large review, ${RUNS} runs each after one warm-up…`);
  const { timings, review } = await measureExports();
  printTimings(timings);
  Object.assign(report, { exports: { review, limit_ms: LIMIT_MS, timings } });
  for (const t of timings) {
    const key = `export_${t.format.replace('-', '_')}_max_ms`;
    report.targets[key] = {
      description: `exporting a large review as ${t.format}: slowest of ${t.runs} runs ≤ ${LIMIT_MS} ms`,
      limit: LIMIT_MS,
      unit: 'ms',
      kind: 'at-most',
    };
    report.verdicts[key] = {
      verdict: t.max_ms <= LIMIT_MS ? 'met' : 'missed',
      measured: t.max_ms,
      limit: LIMIT_MS,
      unit: 'ms',
    };
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  measureExports().then(
    ({ timings, review }) => {
      console.log(`review: ${JSON.stringify(review)}`);
      printTimings(timings);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
