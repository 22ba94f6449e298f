import type { Kysely, Transaction } from 'kysely';
import type { ApiTokenTable, Database } from '../../db/schema.js';

/**
 * Personal access tokens in one partnership: every query here is limited to the caller's partnership.
 * Finding a token by its hash when a request presents it is in accounts.repository.ts.
 */

type Executor = Kysely<Database> | Transaction<Database>;

export function insertToken(db: Executor, organisationId: string, row: Omit<ApiTokenTable, 'organisation_id'>) {
  return db
    .insertInto('api_token')
    .values({ ...row, organisation_id: organisationId })
    .execute();
}

/** A person's tokens in the partnership, newest first; never the token hashes. */
export function listTokens(db: Executor, organisationId: string, userId: string) {
  return db
    .selectFrom('api_token')
    .select(['id', 'name', 'scopes', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Revokes one of the person's tokens; false when they have no such token not yet revoked. */
export async function revokeToken(
  db: Executor,
  organisationId: string,
  userId: string,
  tokenId: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('id', '=', tokenId)
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) !== 0;
}

/** The person's role in the partnership, or undefined when they are not an active member of it. */
export async function membershipRole(db: Executor, organisationId: string, userId: string) {
  const row = await db
    .selectFrom('membership')
    .select('role')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row?.role;
}
