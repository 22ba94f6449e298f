/**
 * `quality-markers demo seed`: fills a partnership with generated reviews for demonstrations and the
 * benchmark. Refuses a partnership with any review the seed did not make. Rows are written in batches,
 * one transaction per batch of reviews; the run is recorded as one audit event ('demo.seeded'), not as a
 * made-up history of edits, and the generated records have no revisions.
 */
import type { Kysely } from 'kysely';
import type { Database, OrganisationTable } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import { createUser } from '../accounts/accounts.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { builtInCatalogue } from '../frameworks/frameworks.service.js';
import { ensureThemes, listThemes } from '../actions/themes.service.js';
import { dayOf } from './demo.dates.js';
import { generateReview } from './demo.generate.js';
import { DEMO_TABLES, demoReference, emptyRows, type DemoContext, type DemoPeople } from './demo.model.js';
import * as repo from './demo.repository.js';
import { splitThemes } from './demo.themes.js';
import type { Actor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

export interface SeedOptions {
  reviews: number;
  seed: number;
  /** YYYY-MM-DD: the day the generated history runs up to. */
  asOf: string;
  /** Reviews a transaction: smaller batches hold locks for less time. */
  batch?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  first: string;
  last: string;
  counts: Record<string, number>;
  ms: number;
}

export class DemoRefusedError extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}

const PEOPLE: [keyof DemoPeople, string, number][] = [
  ['chairs', 'Demo chair', 3],
  ['businessManagers', 'Demo business manager', 3],
  ['leadReviewers', 'Demo lead reviewer', 6],
  ['panelMembers', 'Demo panel member', 10],
];

/** The partnership's demo people (no password: they cannot sign in), added once and reused after. */
async function demoPeople(db: Db, org: Pick<OrganisationTable, 'id' | 'slug'>, actor: Actor): Promise<DemoPeople> {
  const people: DemoPeople = { chairs: [], businessManagers: [], leadReviewers: [], panelMembers: [] };
  for (const [group, label, count] of PEOPLE) {
    for (let i = 1; i <= count; i++) {
      const local = `${label.toLowerCase().replaceAll(' ', '-')}-${i}`;
      const user = await createUser(
        db,
        { email: `${local}@${org.slug}.demo.invalid`, name: `${label} ${i}`, organisationId: org.id, role: 'member' },
        actor,
      );
      people[group].push(user.id);
    }
  }
  return people;
}

export async function seedDemo(
  db: Db,
  org: Pick<OrganisationTable, 'id' | 'slug' | 'kind'>,
  options: SeedOptions,
  actor: Actor,
): Promise<SeedResult> {
  const started = Date.now();
  const others = await repo.countOtherReviews(db, org.id);
  if (others > 0) {
    throw new DemoRefusedError(
      `${org.slug} has ${others} review${others === 1 ? '' : 's'} not made by the demo seed: ` +
        'seed only a partnership kept for demonstrations',
    );
  }
  const catalogue = builtInCatalogue();
  await ensureThemes(db, org.id, org.kind);
  const ctx: DemoContext = {
    seed: options.seed,
    asOf: dayOf(options.asOf),
    organisation: org,
    people: await demoPeople(db, org, { ...actor, organisationId: org.id }),
    themes: splitThemes(await listThemes(db, org.id)),
    frameworks: {
      children: catalogue.latest('scr-quality-markers')!,
      adults: catalogue.latest('sar-quality-markers')!,
    },
  };
  const from = (await repo.lastDemoNumber(db, org.id)) + 1;
  const to = from + options.reviews - 1;
  const batch = options.batch ?? 100;
  const counts: Record<string, number> = Object.fromEntries(DEMO_TABLES.map((t) => [t, 0]));
  const cache = await repo.widenSqliteCache(db, 256);
  try {
    for (let k = from; k <= to; k += batch) {
      const rows = emptyRows();
      for (let i = k; i <= Math.min(to, k + batch - 1); i++) generateReview(ctx, i, rows);
      await db.transaction().execute(async (trx) => {
        // The run's one audit event, with the first batch: whatever the run commits is covered by it.
        if (k === from) {
          await recordAudit(
            trx,
            { ...actor, organisationId: org.id },
            {
              action: 'demo.seeded',
              objectType: 'organisation',
              objectId: org.id,
              detail: {
                seed: options.seed,
                asOf: options.asOf,
                reviews: options.reviews,
                first: demoReference(from),
                last: demoReference(to),
              },
            },
          );
        }
        for (const table of DEMO_TABLES) {
          await repo.insertMany(trx, table, rows[table]);
          counts[table] = (counts[table] ?? 0) + rows[table].length;
        }
      });
      options.onProgress?.(Math.min(to, k + batch - 1) - from + 1, options.reviews);
    }
  } finally {
    await repo.restoreSqliteCache(db, cache);
  }
  return { first: demoReference(from), last: demoReference(to), counts, ms: Date.now() - started };
}

/** Today (UTC): the default end of the generated history. */
export function defaultAsOf(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
