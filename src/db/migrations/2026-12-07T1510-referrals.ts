import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// The referral register (features/referrals): every serious incident notification or s44 referral a
// partnership receives, its rapid review (agency summaries requested of each agency), the decision with
// its reasons, and the review a decision to review created. referral_conversion's primary key is what
// stops one referral becoming two reviews, even when two people decide at the same moment.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('referral')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('aware_on', 'text')
    .addColumn('source_agency', 'text', (c) => c.notNull())
    .addColumn('subject_pseudonym', 'text', (c) => c.notNull())
    .addColumn('criteria', 'text', (c) => c.notNull())
    .addColumn('safety_actions', 'text')
    .addColumn('meeting_on', 'text')
    .addColumn('submitted_on', 'text')
    .addColumn('panel_response_on', 'text')
    .addColumn('panel_response', 'text')
    .addColumn('outcome', 'text')
    .addColumn('reasons', 'text')
    .addColumn('decision_criteria', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('decided_by_role', 'text')
    .addColumn('decision_change_reason', 'text')
    .addColumn('told_panel_on', 'text')
    .addColumn('told_ofsted_on', 'text')
    .addColumn('told_dfe_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema
    .createIndex('referral_org_received')
    .on('referral')
    .columns(['organisation_id', 'received_on'])
    .execute();

  await db.schema
    .createTable('referral_agency_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('referral_id', 'text', (c) => c.notNull().references('referral.id').onDelete('cascade'))
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('requested_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('chased_on', 'text')
    .addColumn('received_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('referral_agency_request_referral')
    .on('referral_agency_request')
    .columns(['referral_id'])
    .execute();

  await db.schema
    .createTable('referral_conversion')
    .addColumn('referral_id', 'text', (c) => c.primaryKey().references('referral.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().unique().references('review.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('referral_conversion').execute();
  await db.schema.dropTable('referral_agency_request').execute();
  await db.schema.dropTable('referral').execute();
}
