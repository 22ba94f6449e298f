import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Issue 18: the reviewer named to the Panel (with the date it was told, a children's review's
// "decision and reviewer told to the Panel" step) and why a referral's details were changed after its
// review had started (an admin's recorded reason).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_reviewer_named')
    .addColumn('review_id', 'text', (c) => c.primaryKey().references('review.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    // A professional's name (the reviewer), not a subject's: a name is allowed here.
    .addColumn('reviewer_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('user_account.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('referral').addColumn('details_change_reason', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('referral').dropColumn('details_change_reason').execute();
  await db.schema.dropTable('review_reviewer_named').execute();
}
