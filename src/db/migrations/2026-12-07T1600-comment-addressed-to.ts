import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// A comment can be addressed to someone on the review's team: it waits in their "Your work" and daily email
// until it is resolved. Existing comments are addressed to no one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('comment').addColumn('addressed_to', 'text').execute();
  await db.schema
    .createIndex('comment_addressed_to')
    .on('comment')
    .columns(['organisation_id', 'addressed_to'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('comment_addressed_to').execute();
  await db.schema.alterTable('comment').dropColumn('addressed_to').execute();
}
