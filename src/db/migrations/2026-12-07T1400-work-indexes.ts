import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// "Your work" and the daily digest look up a person's marker records and actions by owner on every page load
// and digest run; without these they read every marker record and action of the partnership.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('marker_record_owner')
    .on('marker_record')
    .columns(['organisation_id', 'owner_user_id'])
    .execute();
  await db.schema.createIndex('action_owner').on('action').columns(['organisation_id', 'owner_user_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('action_owner').execute();
  await db.schema.dropIndex('marker_record_owner').execute();
}
