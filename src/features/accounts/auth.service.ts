import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor, AuthContext, Scope } from '../../plugins/auth.js';
import type { SessionRecord } from '../../plugins/session.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './accounts.repository.js';
import { sha256 } from './accounts.service.js';

/** Who a session belongs to, with the role in the partnership they are working in. */
export async function authFromSession(db: Kysely<Database>, session: SessionRecord): Promise<AuthContext | null> {
  if (session.secondFactorPending) return null;
  const found = await repo.userWithMembership(db, session.userId, session.organisationId);
  if (!found) return null;
  const { user, membership } = found;
  return {
    user: { id: user.id, email: user.email, name: user.name },
    organisation: membership ? { id: membership.id, slug: membership.slug, name: membership.name } : null,
    role: membership?.role ?? null,
    via: 'session',
    scopes: ['read', 'write'],
    // People who only sign in through their organisation's single sign-on have no password here:
    // their identity provider is responsible for the second factor.
    twoFactorSetupRequired:
      !user.totp_enabled_at &&
      user.password_hash !== null &&
      (membership?.role === 'admin' || membership?.require_two_factor === 1),
  };
}

const TOKEN_USE_AUDIT_EVERY_MS = 60_000;

/** Who a bearer token belongs to; null if it is unknown, revoked, expired or its owner was disabled. */
export async function authFromToken(
  db: Kysely<Database>,
  token: string,
  actor: Omit<Actor, 'userId' | 'organisationId'>,
  now = new Date(),
): Promise<AuthContext | null> {
  const found = await repo.tokenWithOwner(db, sha256(token));
  if (!found?.membership) return null;
  const { token: row, user, membership } = found;
  if (row.revoked_at || (row.expires_at && row.expires_at <= now.toISOString())) return null;
  const lastUsed = row.last_used_at ? new Date(row.last_used_at).getTime() : 0;
  if (now.getTime() - lastUsed >= TOKEN_USE_AUDIT_EVERY_MS) {
    await repo.touchToken(db, row.id, now.toISOString());
    await recordAudit(
      db,
      { ...actor, userId: user.id, organisationId: row.organisation_id },
      { action: 'api_token.used', objectType: 'api_token', objectId: row.id },
      now,
    );
  }
  return {
    user: { id: user.id, email: user.email, name: user.name },
    organisation: { id: membership.id, slug: membership.slug, name: membership.name },
    role: membership.role,
    via: 'token',
    scopes: row.scopes.split(',').filter((s): s is Scope => s === 'read' || s === 'write'),
    tokenId: row.id,
  };
}
