import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Clocks per review type (issue 18 §1): the key dates the children's and adults' steps need that a review
// did not record yet, the partnership's own target for completing a safeguarding adult review (null means
// the default six months), and the extensions and pauses agreed against one clock of one review.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('review').addColumn('referral_date', 'text').execute();
  await db.schema.alterTable('review').addColumn('panel_response_date', 'text').execute();
  await db.schema.alterTable('review').addColumn('panel_told_date', 'text').execute();
  await db.schema.alterTable('review').addColumn('report_sent_date', 'text').execute();
  await db.schema.alterTable('organisation').addColumn('sar_target_months', 'integer').execute();
  await db.schema
    .createTable('review_clock_change')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id').onDelete('cascade'))
    .addColumn('clock_key', 'text', (c) => c.notNull())
    // 'extension' (new_due_date, agreed_by, agreed_on) or 'pause' (paused_from, paused_to or null while open)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('new_due_date', 'text')
    .addColumn('agreed_by', 'text')
    .addColumn('agreed_on', 'text')
    .addColumn('paused_from', 'text')
    .addColumn('paused_to', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('user_account.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('review_clock_change_review')
    .on('review_clock_change')
    .columns(['organisation_id', 'review_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('review_clock_change').execute();
  await db.schema.alterTable('organisation').dropColumn('sar_target_months').execute();
  for (const c of ['report_sent_date', 'panel_told_date', 'panel_response_date', 'referral_date']) {
    await db.schema.alterTable('review').dropColumn(c).execute();
  }
}
