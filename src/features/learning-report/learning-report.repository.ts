/**
 * The queries of the yearly-report extract and the tracker export: a handful of set-wise reads for a
 * period, each scoped to the partnership and, for a person who is not an admin, to the reviews whose team
 * they are on. Never one query per review (the bench runs them over 5,000 reviews).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { reviewVisibleToMember } from '../reviews/visible.repository.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** Whose reviews: the partnership's, and when `memberId` is given only those with that person on the team. */
export interface Scope {
  organisationId: string;
  memberId?: string;
}

/** The period: calendar dates (inclusive) and the UTC instants that bound them in UK time. */
export interface PeriodBounds {
  from: string;
  to: string;
  /** Midnight UK time at the start of `from`. */
  startsAt: string;
  /** Midnight UK time at the end of `to` (exclusive). */
  endsAt: string;
}

/** The review row is one the person may see. */
function visible(scope: Scope) {
  return reviewVisibleToMember(scope.memberId, 'review.id');
}

export function partnershipOf(db: Executor, organisationId: string) {
  return db
    .selectFrom('organisation')
    .leftJoin('organisation_logo', 'organisation_logo.organisation_id', 'organisation.id')
    .select(['organisation.name', 'organisation.slug', 'organisation.kind', 'organisation_logo.content_type'])
    .where('organisation.id', '=', organisationId)
    .executeTakeFirstOrThrow();
}

/** Referrals with a step in the period: received, rapid review met or sent, or decided. */
export function referralsIn(db: Executor, organisationId: string, p: PeriodBounds) {
  const STEPS = ['received_on', 'meeting_on', 'submitted_on', 'decided_on'] as const;
  return db
    .selectFrom('referral')
    .select([
      'id',
      'route',
      'received_on',
      'meeting_on',
      'submitted_on',
      'decided_on',
      'outcome',
      'reasons',
      'subject_pseudonym',
    ])
    .where('organisation_id', '=', organisationId)
    .where((eb) => eb.or(STEPS.map((c) => eb.and([eb(c, '>=', p.from), eb(c, '<=', p.to)]))))
    .orderBy('received_on')
    .orderBy('id')
    .execute();
}

/** Every review the person may see, with the dates the extract counts by and its publication. */
export function reviewsOf(db: Executor, scope: Scope) {
  return db
    .selectFrom('review')
    .leftJoin('publication', (join) =>
      join
        .onRef('publication.review_id', '=', 'review.id')
        .on('publication.organisation_id', '=', scope.organisationId),
    )
    .leftJoin('referral_conversion', (join) =>
      join
        .onRef('referral_conversion.review_id', '=', 'review.id')
        .on('referral_conversion.organisation_id', '=', scope.organisationId),
    )
    .leftJoin('referral', 'referral.id', 'referral_conversion.referral_id')
    .select([
      'review.id',
      'review.reference',
      'review.title',
      'review.type',
      'review.status',
      'review.decision_date',
      'review.created_at',
      'review.final_report_date',
      'review.publication_date',
      'publication.published_on',
      'publication.published_url',
      'referral.route as referral_route',
    ])
    .where('review.organisation_id', '=', scope.organisationId)
    .where(visible(scope))
    .orderBy('review.reference')
    .orderBy('review.id')
    .execute();
}

/** The findings and recommendations of the reviews whose final report falls in the period, with their themes. */
export function findingsOfReviewsCompleted(db: Executor, scope: Scope, p: PeriodBounds) {
  return db
    .selectFrom('finding')
    .innerJoin('review', 'review.id', 'finding.review_id')
    .leftJoin('finding_theme', 'finding_theme.finding_id', 'finding.id')
    .leftJoin('learning_theme', 'learning_theme.id', 'finding_theme.theme_id')
    .select((eb) => [
      'finding.id',
      'finding.kind',
      'finding.number',
      'finding.text',
      'review.id as review_id',
      'review.reference',
      'review.type',
      'learning_theme.label as theme',
      'learning_theme.position as theme_position',
      eb
        .exists(
          // Through the review's actions (indexed by review): there is no index on action.finding_id.
          eb
            .selectFrom('action')
            .select('action.id')
            .whereRef('action.review_id', '=', 'finding.review_id')
            .whereRef('action.finding_id', '=', 'finding.id'),
        )
        .as('has_action'),
    ])
    .where('finding.organisation_id', '=', scope.organisationId)
    .where('review.organisation_id', '=', scope.organisationId)
    .where('review.final_report_date', '>=', p.from)
    .where('review.final_report_date', '<=', p.to)
    .where(visible(scope))
    .orderBy('review.reference')
    .orderBy('finding.kind')
    .orderBy('finding.number')
    .execute();
}

/**
 * Improvement actions live at some time in the period: made before it ended, and not finished before it
 * began (a cancelled action's last change is when it was cancelled), with the recommendation they answer.
 */
export function actionsIn(db: Executor, scope: Scope, p: PeriodBounds) {
  return db
    .selectFrom('action')
    .innerJoin('review', 'review.id', 'action.review_id')
    .leftJoin('finding', 'finding.id', 'action.finding_id')
    .select([
      'action.id',
      'action.number',
      'action.title',
      'action.status',
      'action.due_date',
      'action.completed_at',
      'action.updated_at',
      'action.impact_what_changed',
      'action.impact_how_we_know',
      'review.id as review_id',
      'review.reference',
      'review.type',
      'finding.id as finding_id',
      'finding.kind as finding_kind',
      'finding.number as finding_number',
      'finding.text as finding_text',
    ])
    .where('action.organisation_id', '=', scope.organisationId)
    .where('review.organisation_id', '=', scope.organisationId)
    .where('action.kind', '=', 'improvement')
    .where('action.created_at', '<', p.endsAt)
    .where((eb) =>
      eb.or([
        eb('action.status', 'in', ['not-started', 'in-progress']),
        eb.and([eb('action.status', '=', 'completed'), eb('action.completed_at', '>=', p.startsAt)]),
        eb.and([eb('action.status', '=', 'cancelled'), eb('action.updated_at', '>=', p.startsAt)]),
      ]),
    )
    .where(visible(scope))
    .orderBy('review.reference')
    .orderBy('action.number')
    .execute();
}

/** The progress notes of the actions cancelled in the period: the latest says why. */
export function cancelledNotes(db: Executor, scope: Scope, p: PeriodBounds) {
  return db
    .selectFrom('action_progress')
    .innerJoin('action', 'action.id', 'action_progress.action_id')
    .innerJoin('review', 'review.id', 'action.review_id')
    .select(['action_progress.action_id', 'action_progress.note', 'action_progress.created_at'])
    .where('action_progress.organisation_id', '=', scope.organisationId)
    .where('action.organisation_id', '=', scope.organisationId)
    .where('action.kind', '=', 'improvement')
    .where('action.status', '=', 'cancelled')
    .where('action.updated_at', '>=', p.startsAt)
    .where('action.created_at', '<', p.endsAt)
    .where(visible(scope))
    .orderBy('action_progress.created_at')
    .orderBy('action_progress.id')
    .execute();
}

/** How many findings of each theme each review the person may see has: the tracker's themes. */
export function themeCountsOf(db: Executor, scope: Scope) {
  return db
    .selectFrom('finding_theme')
    .innerJoin('finding', 'finding.id', 'finding_theme.finding_id')
    .innerJoin('learning_theme', 'learning_theme.id', 'finding_theme.theme_id')
    .innerJoin('review', 'review.id', 'finding.review_id')
    .select((eb) => [
      'review.id as review_id',
      'learning_theme.label',
      'learning_theme.position',
      eb.fn.countAll<number>().as('findings'),
    ])
    .where('finding_theme.organisation_id', '=', scope.organisationId)
    .where('review.organisation_id', '=', scope.organisationId)
    .where(visible(scope))
    .groupBy(['review.id', 'learning_theme.label', 'learning_theme.position'])
    .execute();
}
