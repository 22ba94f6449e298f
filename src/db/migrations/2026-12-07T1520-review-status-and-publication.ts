import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// A review's status moves (who moved it, from where to where, why, and whether a partnership admin overrode a
// rule), shown as its timeline; and its publication record (issue 18 §3 and §4): one row a review, versioned,
// with the briefings and learning events held after publication in their own table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_status_change')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id').onDelete('cascade'))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    // What the rule found missing when an admin moved the review anyway; null when nothing was overridden.
    .addColumn('overridden', 'text')
    .addColumn('terms_agreed_on', 'text')
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .execute();
  await db.schema
    .createIndex('review_status_change_review')
    .on('review_status_change')
    .columns(['organisation_id', 'review_id', 'changed_at'])
    .execute();

  await db.schema
    .createTable('publication')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id').onDelete('cascade'))
    .addColumn('decision', 'text')
    .addColumn('decision_reasons', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('legal_check_on', 'text')
    .addColumn('legal_check_by', 'text')
    .addColumn('family_told_on', 'text')
    .addColumn('copies_sent_on', 'text')
    .addColumn('embargo_until', 'text')
    .addColumn('published_on', 'text')
    .addColumn('published_url', 'text')
    .addColumn('online_until', 'text')
    .addColumn('deposited_on', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('publication_review', ['review_id'])
    .execute();

  await db.schema
    .createTable('publication_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id').onDelete('cascade'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema
    .createIndex('publication_event_review')
    .on('publication_event')
    .columns(['organisation_id', 'review_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('publication_event').execute();
  await db.schema.dropTable('publication').execute();
  await db.schema.dropTable('review_status_change').execute();
}
