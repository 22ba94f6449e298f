import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Email notifications (features/notifications): the kinds of news each person has turned off (a row per
// kind turned off, so a new kind is on for everyone until they turn it off), and one row per person and UK
// day for the daily digest, inserted before the email is sent: its primary key is what stops a second app
// process, or a restart, sending the same day's digest twice.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notification_opt_out')
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_opt_out_pk', ['user_id', 'kind'])
    .execute();
  await db.schema
    .createTable('notification_digest')
    .addColumn('user_id', 'text', (c) => c.notNull().references('user_account.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addPrimaryKeyConstraint('notification_digest_pk', ['user_id', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notification_digest').execute();
  await db.schema.dropTable('notification_opt_out').execute();
}
