import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// The learning dashboard (features/learning) reads every review of a partnership at once: the chosen round
// of each review by purpose or sign-off, and the improvement actions that came from each finding. Without
// these it reads every round of a review to pick one, and every action of the partnership per finding.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('assessment_round_learning')
    .on('assessment_round')
    .columns(['organisation_id', 'review_id', 'purpose', 'status', 'number'])
    .execute();
  await db.schema.createIndex('action_finding').on('action').columns(['finding_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('action_finding').execute();
  await db.schema.dropIndex('assessment_round_learning').execute();
}
