import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Findings and their learning themes, review tasks and improvement actions, the partnership's written
// response, and the partnership's logo for reports.
export async function up(db: Kysely<unknown>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : 'blob';

  await db.schema
    .createTable('learning_theme')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('learning_theme_org_label', ['organisation_id', 'label'])
    .execute();

  await db.schema
    .createTable('finding')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('finding_review_kind_number', ['review_id', 'kind', 'number'])
    .execute();

  await db.schema
    .createTable('finding_marker')
    .addColumn('finding_id', 'text', (c) => c.notNull().references('finding.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('marker_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('finding_marker_pk', ['finding_id', 'marker_key'])
    .execute();

  await db.schema
    .createTable('finding_theme')
    .addColumn('finding_id', 'text', (c) => c.notNull().references('finding.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('theme_id', 'text', (c) => c.notNull().references('learning_theme.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('finding_theme_pk', ['finding_id', 'theme_id'])
    .execute();

  await db.schema
    .createTable('action')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('finding_id', 'text', (c) => c.references('finding.id').onDelete('set null'))
    .addColumn('marker_key', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text', (c) => c.references('user_account.id').onDelete('set null'))
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('agencies', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rag', 'text')
    .addColumn('supporting_evidence', 'text', (c) => c.notNull())
    .addColumn('critical_friend_comment', 'text', (c) => c.notNull())
    .addColumn('impact_what_changed', 'text', (c) => c.notNull())
    .addColumn('impact_how_we_know', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('action_review_number', ['review_id', 'number'])
    .execute();
  await db.schema
    .createIndex('action_organisation_due')
    .on('action')
    .columns(['organisation_id', 'due_date'])
    .execute();

  await db.schema
    .createTable('action_progress')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('action_id', 'text', (c) => c.notNull().references('action.id').onDelete('cascade'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema
    .createIndex('action_progress_action')
    .on('action_progress')
    .columns(['action_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('written_response')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().unique().references('review.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('agreed_at', 'text')
    .addColumn('agreed_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('written_response_action')
    .addColumn('response_id', 'text', (c) => c.notNull().references('written_response.id').onDelete('cascade'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('action_id', 'text', (c) => c.notNull().references('action.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('written_response_action_pk', ['response_id', 'action_id'])
    .execute();

  await db.schema
    .createTable('organisation_logo')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisation.id').onDelete('cascade'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('content', binary, (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'organisation_logo',
    'written_response_action',
    'written_response',
    'action_progress',
    'action',
    'finding_theme',
    'finding_marker',
    'finding',
    'learning_theme',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
