import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, OneTimeLinkPurpose, OneTimeLinkTable, Role } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { sha256 } from './accounts.service.js';
import * as repo from './links.repository.js';

/** One-time links (first-run set-up, invitations, password resets): valid 24 hours, usable once. */
export const LINK_TTL_MS = 24 * 60 * 60 * 1000;

export interface NewLink {
  purpose: OneTimeLinkPurpose;
  organisationId?: string | null;
  userId?: string | null;
  email?: string | null;
  name?: string | null;
  role?: Role | null;
  createdBy?: string | null;
}

export async function createLink(db: Kysely<Database> | Transaction<Database>, input: NewLink, now = new Date()) {
  const token = randomBytes(32).toString('base64url');
  const row: OneTimeLinkTable = {
    id: newId(now.getTime()),
    token_hash: sha256(token),
    purpose: input.purpose,
    organisation_id: input.organisationId ?? null,
    user_id: input.userId ?? null,
    email: input.email ?? null,
    name: input.name ?? null,
    role: input.role ?? null,
    created_by: input.createdBy ?? null,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + LINK_TTL_MS).toISOString(),
    used_at: null,
  };
  await repo.insertLink(db, row);
  return { token, link: row };
}

/** The link if it exists, is for this purpose, is unused and has not expired. */
export async function findUsableLink(
  db: Kysely<Database> | Transaction<Database>,
  token: string,
  purpose: OneTimeLinkPurpose,
  now = new Date(),
) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const link = await repo.findLinkByHash(db, sha256(token), purpose);
  if (!link || link.used_at || link.expires_at <= now.toISOString()) return undefined;
  return link;
}

/** Marks the link used; false when another request used it first (it works once). */
export async function useLink(db: Transaction<Database>, id: string, now = new Date()): Promise<boolean> {
  return repo.markLinkUsed(db, id, now.toISOString());
}
