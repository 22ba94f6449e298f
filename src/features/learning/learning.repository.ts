/**
 * Every query of the learning dashboard. Each reads the whole selection of reviews at once (a few queries
 * for the page, whatever the number of reviews), with the reviews chosen by one subquery, `scopeIds`, so
 * that every figure counts exactly the same reviews. The indexes these need are in migration
 * 2026-12-07T1700-learning-indexes and docs/architecture.md ("Learning queries and their indexes").
 */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Database, ReviewStatus, ReviewType, RoundPurpose } from '../../db/schema.js';
import { reviewVisibleToMember } from '../reviews/visible.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface ReviewFilters {
  type?: ReviewType;
  status?: ReviewStatus;
  framework?: string;
  /** The calendar year of the decision to hold the review */
  decisionYear?: number;
  /** The calendar year it was published */
  publicationYear?: number;
  /** Decided on or after / on or before (YYYY-MM-DD) */
  decidedFrom?: string;
  decidedTo?: string;
}

/** Which reviews of one partnership count. */
export interface Scope {
  organisationId: string;
  /** Only reviews whose team this person is on (as the reviews list); left out: every review */
  memberId?: string;
  /** With memberId: published reviews count too (the regional view) */
  orPublished?: boolean;
  filters: ReviewFilters;
}

/** A round of each review: the latest approved one, or the latest of one purpose. */
export type RoundChoice = 'approved' | RoundPurpose;

type ReviewEb = ExpressionBuilder<Database & { publication: Database['publication'] }, 'review' | 'publication'>;

const publishedOn = (eb: ReviewEb) => eb.fn.coalesce('publication.published_on', 'review.publication_date');
const yearStart = (y: number) => `${String(y).padStart(4, '0')}-01-01`;

/** The ids of the reviews in the scope: the subquery every other query of this file counts within. */
export function scopeIds(db: Executor, scope: Scope) {
  const f = scope.filters;
  let q = db
    .selectFrom('review')
    .leftJoin('publication', 'publication.review_id', 'review.id')
    .select('review.id')
    .where('review.organisation_id', '=', scope.organisationId);
  if (f.type) q = q.where('review.type', '=', f.type);
  if (f.status) q = q.where('review.status', '=', f.status);
  if (f.framework) q = q.where('review.framework_key', '=', f.framework);
  if (f.decisionYear !== undefined) {
    q = q
      .where('review.decision_date', '>=', yearStart(f.decisionYear))
      .where('review.decision_date', '<', yearStart(f.decisionYear + 1));
  }
  if (f.decidedFrom) q = q.where('review.decision_date', '>=', f.decidedFrom);
  if (f.decidedTo) q = q.where('review.decision_date', '<=', f.decidedTo);
  if (f.publicationYear !== undefined) {
    const y = f.publicationYear;
    q = q.where((eb) => eb.and([eb(publishedOn(eb), '>=', yearStart(y)), eb(publishedOn(eb), '<', yearStart(y + 1))]));
  }
  const memberId = scope.memberId;
  if (memberId) {
    q = q.where((eb) => {
      const onTeam = reviewVisibleToMember(memberId, 'review.id');
      return scope.orPublished ? eb.or([onTeam, eb(publishedOn(eb), 'is not', null)]) : onTeam;
    });
  }
  return q;
}

/**
 * Whether the scope is narrower than the whole partnership (filters, or a person who sees only their own
 * reviews). When it is not, each query's own organisation_id condition already chooses the same reviews'
 * rows, and the scope's subquery (a list of every review id, probed for each row) is left out. Not for the
 * theme queries: SQLite plans those from the scope's findings (covering index finding_learning), and
 * without the list it scans every theme link and reads each finding's row (slower).
 */
export function narrowed(scope: Scope): boolean {
  return scope.memberId !== undefined || Object.values(scope.filters).some((v) => v !== undefined);
}

/** The reviews in the scope, with their key dates and publication. */
export function reviewsIn(db: Executor, scope: Scope) {
  return db
    .selectFrom('review')
    .leftJoin('publication', 'publication.review_id', 'review.id')
    .select((eb) => [
      'review.id',
      'review.organisation_id',
      'review.reference',
      'review.title',
      'review.type',
      'review.status',
      'review.framework_key',
      'review.incident_date',
      'review.awareness_date',
      'review.notification_date',
      'review.rapid_review_date',
      'review.decision_date',
      'review.reviewer_appointed_date',
      'review.draft_report_date',
      'review.final_report_date',
      'review.publication_date',
      'review.referral_date',
      'review.panel_response_date',
      'review.panel_told_date',
      'review.report_sent_date',
      publishedOn(eb).as('published_on'),
      'publication.published_url',
    ])
    .where('review.organisation_id', '=', scope.organisationId)
    .$if(narrowed(scope), (qb) => qb.where('review.id', 'in', scopeIds(db, scope)))
    .orderBy('review.reference')
    .execute();
}

/** The chosen round of each review in the scope that has one. */
function chosenRounds(db: Executor, scope: Scope, choice: RoundChoice) {
  const matches = <T extends 'round' | 'other'>(alias: T) =>
    choice === 'approved'
      ? ([`${alias}.status`, '=', 'approved'] as const)
      : ([`${alias}.purpose`, '=', choice] as const);
  const [col, op, value] = matches('round');
  return db
    .selectFrom('assessment_round as round')
    .where('round.organisation_id', '=', scope.organisationId)
    .$if(narrowed(scope), (qb) => qb.where('round.review_id', 'in', scopeIds(db, scope)))
    .where(col, op, value)
    .where((eb) => {
      const [c2, o2, v2] = matches('other');
      return eb(
        'round.number',
        '=',
        eb
          .selectFrom('assessment_round as other')
          .select((e) => e.fn.max('other.number').as('n'))
          .whereRef('other.review_id', '=', 'round.review_id')
          .where('other.organisation_id', '=', scope.organisationId)
          .where(c2, o2, v2),
      );
    });
}

/**
 * Each review's chosen round (review id, round id and number) with the review's reference, title and
 * framework, and the round's judgements packed as round_judgements keeps them (markers-matrix.ts unpack).
 */
export function roundsChosen(db: Executor, scope: Scope, choice: RoundChoice) {
  return chosenRounds(db, scope, choice)
    .innerJoin('review', 'review.id', 'round.review_id')
    .leftJoin('round_judgements as packed', 'packed.round_id', 'round.id')
    .select([
      'packed.judgements',
      'round.review_id',
      'round.id as round_id',
      'round.number',
      'review.reference',
      'review.title',
      'review.framework_key',
    ])
    .execute();
}

/** How many reviews are in the scope. */
export async function reviewCount(db: Executor, scope: Scope) {
  const row = await scopeIds(db, scope)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const yearOf = sql<string>`substr(finding.created_at, 1, 4)`;

/** Findings and recommendations per theme, year (the finding's) and kind, and how many reviews they came from. */
export async function themeFindings(db: Executor, scope: Scope) {
  const rows = await db
    .selectFrom('finding_theme as ft')
    .innerJoin('finding', 'finding.id', 'ft.finding_id')
    .innerJoin('learning_theme as theme', 'theme.id', 'ft.theme_id')
    .select((eb) => [
      'theme.id as theme_id',
      'theme.label',
      'theme.position',
      yearOf.as('year'),
      'finding.kind',
      eb.fn.countAll<number | string>().as('n'),
    ])
    .where('ft.organisation_id', '=', scope.organisationId)
    .where('finding.review_id', 'in', scopeIds(db, scope))
    .groupBy(['theme.id', 'theme.label', 'theme.position', yearOf, 'finding.kind'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/**
 * Findings and recommendations per theme, review, year (the finding's) and kind: one pass that gives both
 * the counts per theme and year and the reviews each theme came up in (two passes over the theme links before).
 */
export async function themeCounts(db: Executor, scope: Scope) {
  const rows = await db
    .selectFrom('finding_theme as ft')
    .innerJoin('finding', 'finding.id', 'ft.finding_id')
    .select((eb) => [
      'ft.theme_id',
      'finding.review_id',
      yearOf.as('year'),
      'finding.kind',
      eb.fn.countAll<number | string>().as('n'),
    ])
    .where('ft.organisation_id', '=', scope.organisationId)
    .where('finding.review_id', 'in', scopeIds(db, scope))
    .groupBy(['ft.theme_id', 'finding.review_id', yearOf, 'finding.kind'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The partnership's learning themes (archived ones too: old findings keep them). */
export function themesOfPartnership(db: Executor, organisationId: string) {
  return db
    .selectFrom('learning_theme')
    .select(['id', 'label', 'position'])
    .where('organisation_id', '=', organisationId)
    .execute();
}

const evaluated = sql<number>`case when action.impact_what_changed <> '' or action.impact_how_we_know <> '' then 1 else 0 end`;
// Today is written into the SQL as a literal (a checked YYYY-MM-DD), not a parameter: PostgreSQL groups by
// an expression only when it is the same text as the selected one, and two parameters never are.
export const literalDay = (today: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`Not a date: ${today}`);
  return sql.lit(today);
};
const overdue = (today: string) =>
  sql<number>`case when action.status in ('not-started', 'in-progress') and action.due_date < ${literalDay(today)} then 1 else 0 end`;

/** The actions that came from each theme's findings, by theme, year, status, overdue and evaluated. */
export async function themeActions(db: Executor, scope: Scope, today: string) {
  const rows = await db
    .selectFrom('finding_theme as ft')
    .innerJoin('finding', 'finding.id', 'ft.finding_id')
    .innerJoin('action', 'action.finding_id', 'finding.id')
    .select((eb) => [
      'ft.theme_id',
      yearOf.as('year'),
      'action.status',
      overdue(today).as('overdue'),
      evaluated.as('evaluated'),
      eb.fn.countAll<number | string>().as('n'),
    ])
    .where('ft.organisation_id', '=', scope.organisationId)
    .where('finding.review_id', 'in', scopeIds(db, scope))
    .groupBy(['ft.theme_id', yearOf, 'action.status', overdue(today), evaluated])
    .execute();
  return rows.map((r) => ({ ...r, overdue: Number(r.overdue), evaluated: Number(r.evaluated), n: Number(r.n) }));
}

/** The improvement actions of the reviews, by status, overdue and evaluated. */
export async function actionCounts(db: Executor, scope: Scope, today: string) {
  const rows = await db
    .selectFrom('action')
    .select((eb) => [
      'action.status',
      overdue(today).as('overdue'),
      evaluated.as('evaluated'),
      eb.fn.countAll<number | string>().as('n'),
    ])
    .where('action.organisation_id', '=', scope.organisationId)
    .where('action.kind', '=', 'improvement')
    .$if(narrowed(scope), (qb) => qb.where('action.review_id', 'in', scopeIds(db, scope)))
    .groupBy(['action.status', overdue(today), evaluated])
    .execute();
  return rows.map((r) => ({ ...r, overdue: Number(r.overdue), evaluated: Number(r.evaluated), n: Number(r.n) }));
}
