import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.
// Each sign-in attempt records the network address it came from (an IPv4 address, or the /64 prefix of
// an IPv6 one), so failures are limited per address as well as per account, across every app process.
// Earlier attempts have none and count only towards their account.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sign_in_attempt').addColumn('address', 'text').execute();
  await db.schema.createIndex('sign_in_attempt_address_at').on('sign_in_attempt').columns(['address', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sign_in_attempt_address_at').execute();
  await db.schema.alterTable('sign_in_attempt').dropColumn('address').execute();
}
