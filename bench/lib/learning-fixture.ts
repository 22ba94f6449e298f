import type { DatabaseConfig } from '../../src/config/config.js';
import { createDb } from '../../src/db/create-db.js';
import { createToken } from '../../src/features/accounts/tokens.service.js';
import { seedDemo } from '../../src/features/demo/demo.service.js';
import { refreshLearningSummary } from '../../src/features/learning/summary.service.js';
import { refreshClockSteps } from '../../src/features/reviews/clocks/steps.service.js';
import { createOrganisation } from '../../src/features/organisations/organisations.service.js';
import { createSession, insertPerson } from '../../test/helpers/client.js';
import { browserCookies, SESSION_COOKIE } from './fixtures.js';

/**
 * A partnership at scale for the learning scenarios (issue 19 §6): a children's and adults' partnership
 * filled by `demo seed` (the same code as `quality-markers demo seed`, in this process) in the running app's
 * own database, and a partnership admin (who sees every review) with a session cookie and a read token.
 */
export interface LearningFixture {
  cookie: string;
  bearer: string;
  reviews: number;
  /** How long the seed took, and what it wrote. */
  /** cpuMs: CPU time of the bench process while it seeded (generation, and SQLite's own work; not PostgreSQL's). */
  /** stepsMs: bringing review_clock_step up to date for the seeded reviews, after the seed (not in ms). */
  /** summaryMs: adding the seeded reviews up into learning_summary, after the steps (not in ms). */
  seed: {
    database: string;
    reviews: number;
    ms: number;
    stepsMs: number;
    summaryMs: number;
    cpuMs: number;
    counts: Record<string, number>;
  };
}

/** Fixed, so that every run seeds the same reviews: the history runs up to this day. */
export const LEARNING_AS_OF = '2026-12-01';
/** The financial year before LEARNING_AS_OF, for the yearly report's extract. */
export const LEARNING_YEAR = { from: '2025-04-01', to: '2026-03-31' };

export function learningReviews(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BENCH_LEARNING_REVIEWS ?? '200';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 99_999) {
    throw new Error(`BENCH_LEARNING_REVIEWS must be a whole number from 1 to 99999, not "${raw}"`);
  }
  return n;
}

export async function learningFixture(database: DatabaseConfig, baseUrl: string): Promise<LearningFixture> {
  const db = createDb(database);
  try {
    const actor = { userId: null, organisationId: null, ip: null, userAgent: 'bench' };
    const org = await createOrganisation(db, { name: 'Benchmark Learning Partnership', kind: 'both' }, actor);
    const person = await insertPerson(db, org.id, 'admin', { twoFactor: true });
    const sessionId = await createSession(db, person, org.id);
    const { token } = await createToken(
      db,
      { organisationId: org.id, userId: person.id, name: 'benchmark', scopes: ['read'], expiresAt: null },
      { ...actor, userId: person.id, organisationId: org.id },
    );
    const reviews = learningReviews();
    console.log(`bench: seeding ${reviews} demo reviews (${database.kind})…`);
    const cpuBefore = process.cpuUsage();
    const seeded = await seedDemo(db, org, { reviews, seed: 1, asOf: LEARNING_AS_OF }, actor);
    // The seed is a bulk write: its reviews are marked for the statutory steps' read model (review_clock_step),
    // which the first reader would otherwise work out. Done here, as part of seeding, and timed on its own.
    const stepsStarted = Date.now();
    await refreshClockSteps(db, org.id);
    const stepsMs = Date.now() - stepsStarted;
    // Likewise the dashboard's summary (learning_summary): the seeded reviews are marked, and added up here.
    const summaryStarted = Date.now();
    await refreshLearningSummary(db, org.id);
    const summaryMs = Date.now() - summaryStarted;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    console.log(
      `bench: seeded ${reviews} reviews in ${(seeded.ms / 1000).toFixed(1)} s, ` +
        `${(cpuMs / 1000).toFixed(1)} s of this process's CPU (the statutory steps' read model ${stepsMs} ms of it, ` +
        `the dashboard's summary ${summaryMs} ms): ` +
        JSON.stringify(seeded.counts),
    );
    return {
      cookie: await browserCookies(baseUrl, `${SESSION_COOKIE}=${sessionId}`),
      bearer: `Bearer ${token}`,
      reviews,
      seed: { database: database.kind, reviews, ms: seeded.ms, stepsMs, summaryMs, cpuMs, counts: seeded.counts },
    };
  } finally {
    await db.destroy();
  }
}
