/**
 * The learning dashboard's figures read from learning_summary (summary.ts says what each fact counts), for
 * a whole partnership: without filters from the partnership's own rows ('*' facts, a few hundred), with
 * filters from the rows of the matching combinations of type, status, framework and years. Either way the
 * rows read do not grow with the number of reviews. Refresh the summary first (summary.service.ts).
 */
import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { literalDay, type ReviewFilters, type RoundChoice } from './learning.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;
type Summary = SelectQueryBuilder<Database, 'learning_summary', object>;

/** Whether the summary can answer for these filters (not for a period of decisions given by dates). */
export function summarises(filters: ReviewFilters): boolean {
  return filters.decidedFrom === undefined && filters.decidedTo === undefined;
}

const yearText = (y: number) => String(y).padStart(4, '0');
const filtered = (f: ReviewFilters) =>
  Boolean(f.type || f.status || f.framework || f.decisionYear !== undefined || f.publicationYear !== undefined);

/** The rows to add up, and the fact names to ask for (the partnership's own rows when nothing is filtered). */
function rowsOf(db: Executor, organisationId: string, f: ReviewFilters) {
  let q = db.selectFrom('learning_summary').where('organisation_id', '=', organisationId) as Summary;
  if (f.type) q = q.where('review_type', '=', f.type);
  if (f.status) q = q.where('review_status', '=', f.status);
  if (f.framework) q = q.where('framework_key', '=', f.framework);
  if (f.decisionYear !== undefined) q = q.where('decision_year', '=', yearText(f.decisionYear));
  if (f.publicationYear !== undefined) q = q.where('publication_year', '=', yearText(f.publicationYear));
  const whole = !filtered(f);
  return { q, fact: (name: string) => (whole ? `*${name}` : name) };
}

const total = (eb: ExpressionBuilder<Database, 'learning_summary'>) => eb.fn.sum<number | string>('n').as('n');
const numbered = <T extends { n: number | string | null }>(rows: T[]) =>
  rows.map((r) => ({ ...r, n: Number(r.n) })).filter((r) => r.n !== 0);

/** Reviews, reviews with a chosen round per framework, and judgements per framework, marker and judgement. */
export async function markerFigures(db: Executor, organisationId: string, filters: ReviewFilters, choice: RoundChoice) {
  const { q, fact } = rowsOf(db, organisationId, filters);
  const rows = numbered(
    await q
      .select((eb) => ['fact', 'b', 'c', 'd', total(eb)])
      // 'review' has no keys (a is ''); asked for as two lists, each an index column, so both are seeks.
      .where('fact', 'in', [fact('review'), fact('chosen'), fact('judgement')])
      .where('a', 'in', ['', choice])
      .groupBy(['fact', 'b', 'c', 'd'])
      .execute(),
  );
  return {
    reviews: rows.filter((r) => r.fact === fact('review')).reduce((a, r) => a + r.n, 0),
    chosen: rows.filter((r) => r.fact === fact('chosen')).map((r) => ({ framework_key: r.b, n: r.n })),
    judgements: rows
      .filter((r) => r.fact === fact('judgement'))
      .map((r) => ({ framework_key: r.b, marker_key: r.c, judgement: r.d, n: r.n })),
  };
}

/** The themes' findings by theme, year and kind, and their reviews by theme and year (and with the year before). */
export async function themeFigures(db: Executor, organisationId: string, filters: ReviewFilters) {
  const { q, fact } = rowsOf(db, organisationId, filters);
  const rows = await q
    .select((eb) => ['fact', 'a', 'b', 'c', total(eb)])
    .where('fact', 'in', [fact('theme'), fact('theme-review'), fact('theme-window')])
    .groupBy(['fact', 'a', 'b', 'c'])
    .execute();
  return numbered(rows).map((r) => ({ ...r, fact: r.fact.replace(/^\*/, '') }));
}

/** The filters as an SQL condition on learning_summary's dimensions (the partnership's own rows without). */
function dimensionsOf(organisationId: string, f: ReviewFilters) {
  const conditions = [sql`organisation_id = ${organisationId}`];
  if (f.type) conditions.push(sql`review_type = ${f.type}`);
  if (f.status) conditions.push(sql`review_status = ${f.status}`);
  if (f.framework) conditions.push(sql`framework_key = ${f.framework}`);
  if (f.decisionYear !== undefined) conditions.push(sql`decision_year = ${yearText(f.decisionYear)}`);
  if (f.publicationYear !== undefined) conditions.push(sql`publication_year = ${yearText(f.publicationYear)}`);
  return sql.join(conditions, sql` and `);
}

/**
 * The improvement actions by status, evaluated and overdue today, and the same for the actions of the
 * themes' findings by theme and year, as learning.repository's actionCounts and themeActions give them.
 * Overdue today is summed from the open actions' counts by due year, month and day: those due in an
 * earlier year, an earlier month of this year and an earlier day of this month, each an index range. One
 * statement (written out, not built: this is the page's busiest query, and Kysely's building of seven
 * selects cost more than running them).
 */
export async function actionFigures(db: Executor, organisationId: string, filters: ReviewFilters, today: string) {
  literalDay(today); // checks it is a day
  const { fact } = rowsOf(db, organisationId, filters);
  const where = dimensionsOf(organisationId, filters);
  const [y, m] = [today.slice(0, 4), today.slice(0, 7)];
  const ranges = ['theme-due', 'action-due'].flatMap((name) =>
    (
      [
        ['y', '', y],
        ['m', y, m],
        ['d', m, today],
      ] as const
    ).map(
      ([level, from, to]) =>
        sql`select ${name} as fact, '' as a, b, c, d, sum(n) as n from learning_summary
          where ${where} and fact = ${fact(`${name}-${level}`)} and a >= ${from} and a < ${to} group by b, c, d`,
    ),
  );
  const { rows } = await sql<{ fact: string; a: string; b: string; c: string; d: string; n: number | string }>`
    select fact, a, b, c, d, sum(n) as n from learning_summary
      where ${where} and fact in (${fact('action')}, ${fact('theme-action')}) group by fact, a, b, c, d
    union all ${sql.join(ranges, sql` union all `)}`.execute(db);
  // Summed over the three levels (year, month, day) of each key.
  const lateOf = new Map<string, number>();
  const addLate = (key: string, n: number) => lateOf.set(key, (lateOf.get(key) ?? 0) + n);
  const counted = numbered(rows);
  for (const r of counted) {
    if (r.fact === 'theme-due') addLate(`theme-action ${r.b} ${r.c} ${r.d}`, r.n);
    else if (r.fact === 'action-due') addLate(`action ${r.b}`, r.n);
  }
  // Each open row is split in two: those overdue today and the rest.
  return counted
    .filter((r) => r.fact === fact('action') || r.fact === fact('theme-action'))
    .flatMap((r) => {
      const theme = r.fact === fact('theme-action');
      const status = theme ? r.c : r.a;
      const row = {
        fact: theme ? 'theme-action' : 'action',
        theme_id: theme ? r.a : '',
        year: theme ? r.b : '',
        status,
        evaluated: (theme ? r.d : r.b) === '1' ? 1 : 0,
      };
      const lateN = lateOf.get(theme ? `theme-action ${r.a} ${r.b} ${status}` : `action ${status}`) ?? 0;
      return [
        { ...row, overdue: 0, n: r.n - lateN },
        { ...row, overdue: 1, n: lateN },
      ].filter((x) => x.n !== 0);
    });
}

/** The statutory steps by review type, year first due and outcome today (null: not yet due, or paused). */
export async function stepFigures(db: Executor, organisationId: string, filters: ReviewFilters, today: string) {
  const { q, fact } = rowsOf(db, organisationId, filters);
  const day = literalDay(today);
  const outcome = sql<string | null>`case
    when fact = ${sql.lit(fact('step'))} then c
    when d <> '' and d <= ${day} then null
    when c < ${day} then 'overdue'
    end`;
  const rows = await q
    .select((eb) => ['a', 'b', outcome.as('outcome'), total(eb)])
    .where('fact', 'in', [fact('step'), fact('step-open')])
    .groupBy(['a', 'b', outcome])
    .execute();
  return numbered(rows).map((r) => ({ review_type: r.a, year: r.b, outcome: r.outcome, n: r.n }));
}
