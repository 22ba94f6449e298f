import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { literalDay, narrowed, scopeIds, type Scope } from './learning.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The statutory steps of the reviews by type, year first due and outcome, from review_clock_step (kept by
 * reviews/clocks/steps.service; refresh it first). The outcome is the review page's: done by the original
 * date 'met', by the date in force 'extended', later 'missed'; not done, not paused and past the date in
 * force 'overdue'; anything else (not yet due, paused) null.
 */
export async function timelinessCounts(db: Executor, scope: Scope, today: string) {
  const day = literalDay(today);
  const outcome = sql<string | null>`case
    when step.done is not null then
      case when step.done <= step.original_due then 'met' when step.done <= step.due then 'extended' else 'missed' end
    when step.paused_since <= ${day} then null
    when step.due < ${day} then 'overdue'
    end`;
  const year = sql<string>`substr(step.original_due, 1, 4)`;
  const rows = await db
    .selectFrom('review_clock_step as step')
    .select((eb) => [
      'step.review_type',
      year.as('year'),
      outcome.as('outcome'),
      eb.fn.countAll<number | string>().as('n'),
    ])
    .where('step.organisation_id', '=', scope.organisationId)
    .$if(narrowed(scope), (qb) => qb.where('step.review_id', 'in', scopeIds(db, scope)))
    .groupBy(['step.review_type', year, outcome])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
