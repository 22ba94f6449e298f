import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Scope } from '../../plugins/auth.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import { sha256 } from './accounts.service.js';

export const TOKEN_PREFIX = 'qm_';

export interface NewToken {
  organisationId: string;
  userId: string;
  name: string;
  scopes: Scope[];
  expiresAt: Date | null;
}

/** Creates a personal access token. The token itself is returned once and only its hash is kept. */
export async function createToken(db: Kysely<Database>, input: NewToken, actor: Actor, now = new Date()) {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = newId(now.getTime());
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_token')
      .values({
        id,
        organisation_id: input.organisationId,
        user_id: input.userId,
        name: input.name,
        token_hash: sha256(token),
        scopes: [...new Set(input.scopes)].sort().join(','),
        created_at: now.toISOString(),
        expires_at: input.expiresAt?.toISOString() ?? null,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await recordAudit(
      trx,
      { ...actor, organisationId: input.organisationId },
      {
        action: 'api_token.created',
        objectType: 'api_token',
        objectId: id,
        detail: { scopes: input.scopes.join(',') },
      },
      now,
    );
  });
  return { id, token };
}

/** A person's tokens in one partnership; never the token values. */
export function listTokens(db: Kysely<Database>, organisationId: string, userId: string) {
  return db
    .selectFrom('api_token')
    .select(['id', 'name', 'scopes', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeToken(
  db: Kysely<Database>,
  actor: Actor & { organisationId: string; userId: string },
  tokenId: string,
  now = new Date(),
) {
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('api_token')
      .set({ revoked_at: now.toISOString() })
      .where('id', '=', tokenId)
      .where('organisation_id', '=', actor.organisationId)
      .where('user_id', '=', actor.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFoundError();
    await recordAudit(trx, actor, { action: 'api_token.revoked', objectType: 'api_token', objectId: tokenId }, now);
  });
}
