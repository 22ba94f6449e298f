import type { Kysely, Transaction } from 'kysely';
import type { Database, FindingKind, FindingTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function listFindings(db: Executor, organisationId: string, reviewId: string) {
  return db
    .selectFrom('finding')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .orderBy('kind')
    .orderBy('number')
    .execute();
}

export async function nextFindingNumber(db: Executor, organisationId: string, reviewId: string, kind: FindingKind) {
  const row = await db
    .selectFrom('finding')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('organisation_id', '=', organisationId)
    .where('review_id', '=', reviewId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

export function insertFinding(db: Executor, row: FindingTable) {
  return db.insertInto('finding').values(row).execute();
}

/** The markers and themes of the review's findings, for listing them. */
export function markersOf(db: Executor, organisationId: string, findingIds: string[]) {
  if (!findingIds.length) return Promise.resolve([]);
  return db
    .selectFrom('finding_marker')
    .select(['finding_id', 'marker_key'])
    .where('organisation_id', '=', organisationId)
    .where('finding_id', 'in', findingIds)
    .execute();
}

export function themesOf(db: Executor, organisationId: string, findingIds: string[]) {
  if (!findingIds.length) return Promise.resolve([]);
  return db
    .selectFrom('finding_theme')
    .innerJoin('learning_theme', 'learning_theme.id', 'finding_theme.theme_id')
    .select(['finding_theme.finding_id', 'learning_theme.id as theme_id', 'learning_theme.label'])
    .where('finding_theme.organisation_id', '=', organisationId)
    .where('finding_theme.finding_id', 'in', findingIds)
    .orderBy('learning_theme.position')
    .execute();
}

/** Replaces a finding's markers and themes with these. */
export async function setLinks(
  db: Executor,
  organisationId: string,
  findingId: string,
  markerKeys: string[],
  themeIds: string[],
) {
  await db.deleteFrom('finding_marker').where('finding_id', '=', findingId).execute();
  await db.deleteFrom('finding_theme').where('finding_id', '=', findingId).execute();
  if (markerKeys.length) {
    await db
      .insertInto('finding_marker')
      .values(markerKeys.map((marker_key) => ({ finding_id: findingId, organisation_id: organisationId, marker_key })))
      .execute();
  }
  if (themeIds.length) {
    await db
      .insertInto('finding_theme')
      .values(themeIds.map((theme_id) => ({ finding_id: findingId, organisation_id: organisationId, theme_id })))
      .execute();
  }
}
