import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// The learning dashboard (features/learning) reads every review of a partnership at once: the rounds of
// each review by purpose and sign-off, the findings' themes, and the improvement actions that came from
// findings. Without these it reads the whole of each table, every partnership's rows, to find one's.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('assessment_round_learning')
    .on('assessment_round')
    .columns(['organisation_id', 'review_id', 'purpose', 'status', 'number'])
    .execute();
  await db.schema
    .createIndex('finding_theme_org_theme')
    .on('finding_theme')
    .columns(['organisation_id', 'theme_id', 'finding_id'])
    .execute();
  await db.schema.createIndex('action_finding').on('action').columns(['finding_id']).execute();
  await db.schema
    .createIndex('action_org_kind_status')
    .on('action')
    .columns(['organisation_id', 'kind', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('action_org_kind_status').execute();
  await db.schema.dropIndex('action_finding').execute();
  await db.schema.dropIndex('finding_theme_org_theme').execute();
  await db.schema.dropIndex('assessment_round_learning').execute();
}
