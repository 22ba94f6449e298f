import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Actor, Scope } from '../../plugins/auth.js';
import { recordAudit } from '../audit/audit.service.js';
import { sha256 } from './accounts.service.js';
import * as repo from './tokens.repository.js';

export const TOKEN_PREFIX = 'qm_';

export interface NewToken {
  organisationId: string;
  userId: string;
  name: string;
  scopes: Scope[];
  expiresAt: Date | null;
}

/** A viewer asked for a token that can write: refused whichever way the token is asked for. */
export class ViewerWriteTokenError extends HttpError {
  constructor() {
    super(403, 'Viewers can only have read-only tokens');
    this.name = 'ViewerWriteTokenError';
  }
}

/**
 * Creates a personal access token. The token itself is returned once and only its hash is kept. A
 * viewer may have a read-only token only (the tokens page and the command line share this rule).
 */
export async function createToken(db: Kysely<Database>, input: NewToken, actor: Actor, now = new Date()) {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = newId(now.getTime());
  await db.transaction().execute(async (trx) => {
    if (input.scopes.includes('write')) {
      const role = await repo.membershipRole(trx, input.organisationId, input.userId);
      if (role === 'viewer') throw new ViewerWriteTokenError();
    }
    await repo.insertToken(trx, input.organisationId, {
      id,
      user_id: input.userId,
      name: input.name,
      token_hash: sha256(token),
      scopes: [...new Set(input.scopes)].sort().join(','),
      created_at: now.toISOString(),
      expires_at: input.expiresAt?.toISOString() ?? null,
      last_used_at: null,
      revoked_at: null,
    });
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
  return repo.listTokens(db, organisationId, userId);
}

export async function revokeToken(
  db: Kysely<Database>,
  actor: Actor & { organisationId: string; userId: string },
  tokenId: string,
  now = new Date(),
) {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.revokeToken(trx, actor.organisationId, actor.userId, tokenId, now.toISOString()))) {
      throw new NotFoundError();
    }
    await recordAudit(trx, actor, { action: 'api_token.revoked', objectType: 'api_token', objectId: tokenId }, now);
  });
}
