/**
 * learning_summary's writes: the marked reviews (learning_stale), what they add (the same tables the
 * per-review queries of learning.repository read, for a batch of reviews), and the difference folded in.
 * The reads are in summary-read.repository.ts.
 */
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database, LearningReviewPartTable, LearningSummaryTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The partnership's marked reviews, in id order (so that concurrent readers clear them in the same order). */
export function staleOf(db: Executor, organisationId: string) {
  return db
    .selectFrom('learning_stale')
    .select(['review_id', 'token'])
    .where('organisation_id', '=', organisationId)
    .orderBy('review_id')
    .execute();
}

const evaluated = sql<number>`case when action.impact_what_changed <> '' or action.impact_how_we_know <> '' then 1 else 0 end`;
const findingYear = sql<string>`substr(finding.created_at, 1, 4)`;

/**
 * What the reviews add is worked out from: the reviews, their rounds, themed findings, actions and
 * statutory steps (review_clock_step: refresh it first).
 */
export async function inputsOf(db: Executor, organisationId: string, ids: string[]) {
  const [reviews, rounds, links, themeActions, actions, steps] = await Promise.all([
    db
      .selectFrom('review')
      .leftJoin('publication', 'publication.review_id', 'review.id')
      .select((eb) => [
        'review.id',
        'review.organisation_id',
        'review.type',
        'review.status',
        'review.framework_key',
        'review.decision_date',
        eb.fn.coalesce('publication.published_on', 'review.publication_date').as('published_on'),
      ])
      .where('review.organisation_id', '=', organisationId)
      .where('review.id', 'in', ids)
      .execute(),
    db
      .selectFrom('assessment_round as round')
      .leftJoin('round_judgements as packed', 'packed.round_id', 'round.id')
      .select(['round.review_id', 'round.id', 'round.status', 'round.purpose', 'round.number', 'packed.judgements'])
      .where('round.organisation_id', '=', organisationId)
      .where('round.review_id', 'in', ids)
      .execute(),
    db
      .selectFrom('finding_theme as ft')
      .innerJoin('finding', 'finding.id', 'ft.finding_id')
      .select(['finding.review_id', 'ft.theme_id', findingYear.as('year'), 'finding.kind'])
      .where('ft.organisation_id', '=', organisationId)
      .where('finding.review_id', 'in', ids)
      .execute(),
    db
      .selectFrom('finding_theme as ft')
      .innerJoin('finding', 'finding.id', 'ft.finding_id')
      .innerJoin('action', 'action.finding_id', 'finding.id')
      .select([
        'finding.review_id',
        'ft.theme_id',
        findingYear.as('year'),
        'action.status',
        'action.due_date',
        evaluated.as('evaluated'),
      ])
      .where('ft.organisation_id', '=', organisationId)
      .where('finding.review_id', 'in', ids)
      .execute(),
    db
      .selectFrom('action')
      .select(['action.review_id', 'action.status', 'action.due_date', evaluated.as('evaluated')])
      .where('action.organisation_id', '=', organisationId)
      .where('action.kind', '=', 'improvement')
      .where('action.review_id', 'in', ids)
      .execute(),
    db
      .selectFrom('review_clock_step')
      .select(['review_id', 'review_type', 'original_due', 'due', 'done', 'paused_since'])
      .where('organisation_id', '=', organisationId)
      .where('review_id', 'in', ids)
      .execute(),
  ]);
  const number = <T extends { evaluated: unknown }>(r: T) => ({ ...r, evaluated: Number(r.evaluated) });
  return { reviews, rounds, links, themeActions: themeActions.map(number), actions: actions.map(number), steps };
}

/**
 * Clears the marks whose token is still the one read; answers the reviews cleared. A mark changed since
 * (a write after the inputs were read) keeps it; one another reader cleared first is not there. On
 * PostgreSQL a mark a writer's transaction holds is skipped, not waited for (it is changing, and will have
 * a new token), so a reader never waits on a writer nor a writer on a reader's batch (no deadlock).
 */
export async function clearMarks(trx: Executor, marks: readonly { review_id: string; token: string }[]) {
  if (!marks.length) return [];
  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  const rows = await trx
    .deleteFrom('learning_stale')
    .where('review_id', 'in', (eb) =>
      eb
        .selectFrom('learning_stale as mark')
        .select('mark.review_id')
        .where(
          'mark.review_id',
          'in',
          marks.map((m) => m.review_id),
        )
        .where(
          sql<string>`mark.review_id || ' ' || mark.token`,
          'in',
          marks.map((m) => `${m.review_id} ${m.token}`),
        )
        .$if(postgres, (q) => q.forUpdate().skipLocked()),
    )
    .returning('review_id')
    .execute();
  return rows.map((r) => r.review_id);
}

/** What the reviews added until now, as stored (JSON; none for a review never added). */
export async function partsOf(trx: Executor, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await trx.selectFrom('learning_review_part').select('parts').where('review_id', 'in', ids).execute();
  return rows.map((r) => r.parts);
}

const CHUNK = 500;

/** Replaces the reviews' parts: `parts` for those that exist, nothing for those deleted. */
export async function replaceParts(trx: Executor, ids: readonly string[], parts: readonly LearningReviewPartTable[]) {
  if (ids.length) await trx.deleteFrom('learning_review_part').where('review_id', 'in', ids).execute();
  for (let i = 0; i < parts.length; i += CHUNK) {
    await trx
      .insertInto('learning_review_part')
      .values(parts.slice(i, i + CHUNK))
      .execute();
  }
}

const KEY = [
  'organisation_id',
  'fact',
  'a',
  'b',
  'c',
  'd',
  'review_type',
  'review_status',
  'framework_key',
  'decision_year',
  'publication_year',
] as const;

/**
 * Adds the difference to learning_summary (rows in key order, so that two readers on PostgreSQL lock them
 * in the same order), then drops the rows it took to zero: only those, which this transaction holds already.
 */
export async function addDifference(trx: Executor, delta: readonly LearningSummaryTable[]) {
  const zero: LearningSummaryTable[] = [];
  for (let i = 0; i < delta.length; i += CHUNK) {
    const rows = await trx
      .insertInto('learning_summary')
      .values(delta.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns([...KEY]).doUpdateSet({ n: sql`learning_summary.n + excluded.n` }))
      .returning([...KEY, 'n'])
      .execute();
    for (const row of rows) if (Number(row.n) === 0) zero.push(row);
  }
  for (const row of zero) {
    await trx
      .deleteFrom('learning_summary')
      .where((eb) => eb.and(KEY.map((k) => eb(k, '=', row[k]))))
      .where('n', '=', 0)
      .execute();
  }
}
