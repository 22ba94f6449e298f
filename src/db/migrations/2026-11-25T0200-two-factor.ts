import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Two-factor: the last TOTP time-step each person used, so a code works only once.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('user_account').addColumn('totp_last_step', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('user_account').dropColumn('totp_last_step').execute();
}
