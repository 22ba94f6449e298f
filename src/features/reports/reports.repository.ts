import type { Kysely, Transaction } from 'kysely';
import type { Database, OrganisationLogoTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A review's findings and recommendations, in order. */
export function findingsOf(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('finding')
    .select(['id', 'kind', 'number', 'text'])
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .orderBy('kind')
    .orderBy('number')
    .execute();
}

/** The markers each of a review's findings relates to. */
export function findingMarkersOf(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('finding_marker')
    .innerJoin('finding', 'finding.id', 'finding_marker.finding_id')
    .select(['finding_marker.finding_id', 'finding_marker.marker_key'])
    .where('finding_marker.organisation_id', '=', organisationId)
    .where('finding.organisation_id', '=', organisationId)
    .where('finding.review_id', '=', reviewId)
    .execute();
}

/** The learning themes of each of a review's findings. */
export function findingThemesOf(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('finding_theme')
    .innerJoin('finding', 'finding.id', 'finding_theme.finding_id')
    .innerJoin('learning_theme', 'learning_theme.id', 'finding_theme.theme_id')
    .select(['finding_theme.finding_id', 'learning_theme.label', 'learning_theme.position'])
    .where('finding_theme.organisation_id', '=', organisationId)
    .where('finding.organisation_id', '=', organisationId)
    .where('learning_theme.organisation_id', '=', organisationId)
    .where('finding.review_id', '=', reviewId)
    .orderBy('learning_theme.position')
    .execute();
}

export function findLogo(db: Executor, organisationId: string) {
  return db
    .selectFrom('organisation_logo')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

export function hasLogo(db: Executor, organisationId: string) {
  return db
    .selectFrom('organisation_logo')
    .select(['content_type', 'updated_at'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** Replaces the partnership's logo (there is one at most). */
export async function putLogo(db: Executor, logo: OrganisationLogoTable) {
  await db.deleteFrom('organisation_logo').where('organisation_id', '=', logo.organisation_id).execute();
  await db.insertInto('organisation_logo').values(logo).execute();
}

export async function deleteLogo(db: Executor, organisationId: string) {
  const result = await db
    .deleteFrom('organisation_logo')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
