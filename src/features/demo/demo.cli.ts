import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database, OrganisationTable } from '../../db/schema.js';
import { DemoRefusedError, defaultAsOf, seedDemo } from './demo.service.js';
import type { Actor } from '../../plugins/auth.js';

/** `quality-markers demo seed`: wired into src/cli.ts. */

export const DEMO_USAGE = `  demo seed --organisation SLUG --reviews N [--seed S] [--as-of YYYY-MM-DD]
                                         Fill a partnership kept for demonstrations with N generated reviews
                                         (rounds, judgements, findings, themes, actions, referrals) over the
                                         4 years up to --as-of (default today), worked on by 22 demo people
                                         who cannot sign in. Pseudonyms only. Seeded reviews have references
                                         DEMO-00001, DEMO-00002… and no creator; a second run adds after them.
                                         Refuses a partnership with any other review. The same --seed and
                                         --as-of give the same reviews. The run is one audit event
                                         ('demo.seeded'), with no made-up history; adding the demo people is
                                         audited as any new member is.`;

export interface DemoCliContext {
  withDb<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  organisationBySlug(db: Kysely<Database>, slug: string): Promise<Pick<OrganisationTable, 'id' | 'slug' | 'kind'>>;
  actor: Actor;
  usageError(message: string): Error;
  out(text: string): void;
  err(text: string): void;
}

const MAX_REVIEWS = 99_999;

function wholeNumber(ctx: DemoCliContext, name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (raw === undefined || !/^\d+$/.test(raw) || n < min || n > max) {
    throw ctx.usageError(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en-GB')}`);
  }
  return n;
}

export async function demoCommand(args: string[], ctx: DemoCliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'seed') throw ctx.usageError(`Unknown demo command '${sub ?? ''}'`);
  const { values } = parseArgs({
    args: rest,
    options: {
      organisation: { type: 'string' },
      reviews: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'as-of': { type: 'string' },
    },
  });
  const slug = values.organisation?.trim();
  if (!slug) throw ctx.usageError('--organisation is required');
  const reviews = wholeNumber(ctx, 'reviews', values.reviews, 1, MAX_REVIEWS);
  const seed = wholeNumber(ctx, 'seed', values.seed, 0, 2 ** 31 - 1);
  const asOf = values['as-of'] ?? defaultAsOf();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    throw ctx.usageError('--as-of must be a date like 2026-03-31');
  }
  return ctx.withDb(async (db) => {
    const org = await ctx.organisationBySlug(db, slug);
    try {
      const result = await seedDemo(
        db,
        org,
        {
          reviews,
          seed,
          asOf,
          onProgress: (done, total) => {
            if (total >= 1000 && done % 1000 < 100) ctx.err(`${done} of ${total} reviews`);
          },
        },
        ctx.actor,
      );
      const c = result.counts;
      ctx.out(
        `Seeded ${reviews} demo review${reviews === 1 ? '' : 's'} into ${org.slug} ` +
          `(${result.first} to ${result.last}) in ${(result.ms / 1000).toFixed(1)} s`,
      );
      ctx.out(
        `${c.assessment_round} rounds, ${c.marker_record} marker records, ${c.question_response} answers, ` +
          `${c.finding} findings and recommendations, ${c.action} actions, ${c.referral} referrals`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof DemoRefusedError)) throw error;
      ctx.err(error.message);
      return 1;
    }
  });
}
