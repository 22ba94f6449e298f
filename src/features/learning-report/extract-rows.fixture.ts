/** Rows of the extract's test world, inserted straight into the database (learning-report.fixture.ts). */
import { actionRow, reviewRow } from '../../../test/helpers/reviews.js';
import type { Db } from '../../db/create-db.js';
import type { ActionTable, FindingTable, ReferralTable, ReviewTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { UNDECIDED_REFERRAL } from '../referrals/referrals.options.js';

export const AT = '2025-04-01T09:00:00.000Z';

export async function themeId(db: Db, organisationId: string, label: string) {
  const row = await db
    .selectFrom('learning_theme')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('label', '=', label)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function review(db: Db, org: string, changes: Partial<ReviewTable>) {
  const row = reviewRow(org, { created_at: AT, ...changes });
  await db.insertInto('review').values(row).execute();
  return row;
}

export async function finding(
  db: Db,
  org: string,
  reviewId: string,
  f: Pick<FindingTable, 'kind' | 'number' | 'text'>,
  themes: string[] = [],
) {
  const id = newId();
  await db
    .insertInto('finding')
    .values({
      id,
      organisation_id: org,
      review_id: reviewId,
      ...f,
      version: 1,
      created_at: AT,
      created_by: null,
      updated_at: AT,
      updated_by: null,
    })
    .execute();
  for (const label of themes) {
    await db
      .insertInto('finding_theme')
      .values({ finding_id: id, organisation_id: org, theme_id: await themeId(db, org, label) })
      .execute();
  }
  return id;
}

export async function action(
  db: Db,
  org: string,
  reviewId: string,
  a: Partial<ActionTable> & Pick<ActionTable, 'number' | 'title'>,
) {
  const row = actionRow(org, reviewId, {
    owner_name: 'Owner',
    agencies: '',
    created_at: AT,
    updated_at: AT,
    ...a,
  });
  await db.insertInto('action').values(row).execute();
  return row.id;
}

export async function referral(
  db: Db,
  org: string,
  r: Partial<ReferralTable> & Pick<ReferralTable, 'received_on' | 'subject_pseudonym'>,
) {
  const id = newId();
  await db
    .insertInto('referral')
    .values({
      id,
      organisation_id: org,
      route: 'serious-incident-notification',
      aware_on: null,
      source_agency: 'Police',
      criteria: '{}',
      ...UNDECIDED_REFERRAL,
      version: 1,
      created_at: AT,
      created_by: null,
      updated_at: AT,
      updated_by: null,
      ...r,
    })
    .execute();
  return id;
}
