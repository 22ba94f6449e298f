import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// The date a round's panel next meets (issue 17 §1): "Your work" gives it beside each marker of the round.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('assessment_round').addColumn('meeting_on', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('assessment_round').dropColumn('meeting_on').execute();
}
