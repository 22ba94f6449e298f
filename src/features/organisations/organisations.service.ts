import type { Kysely } from 'kysely';
import type { Database, OrganisationTable, Role } from '../../db/schema.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { recordAudit } from '../audit/audit.service.js';
import { deleteSessionsOf } from '../accounts/accounts.service.js';
import { ensureThemes } from '../actions/themes.service.js';
import * as repo from './organisations.repository.js';
import { NO_SINGLE_SIGN_ON, sealClientSecret } from './single-sign-on.service.js';
import type { Actor } from '../../plugins/auth.js';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin: manages people and settings',
  member: 'Member: works on reviews',
  viewer: 'Viewer: can read, cannot change',
};

export type Organisation = OrganisationTable;

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'partnership'
  );
}

export async function createOrganisation(
  db: Kysely<Database>,
  input: { name: string; kind?: OrganisationTable['kind'] },
  actor: Actor,
  now = new Date(),
): Promise<OrganisationTable> {
  const base = slugify(input.name);
  const taken = new Set(await repo.slugsLike(db, base));
  let slug = base;
  for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
  const org: OrganisationTable = {
    id: newId(now.getTime()),
    slug,
    name: input.name.trim(),
    kind: input.kind ?? 'children',
    require_two_factor: 0,
    ...NO_SINGLE_SIGN_ON,
    sar_target_months: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertOrganisation(trx, org);
    await ensureThemes(trx, org.id, org.kind, now);
    await recordAudit(
      trx,
      { ...actor, organisationId: org.id },
      { action: 'organisation.created', objectType: 'organisation', objectId: org.id },
      now,
    );
  });
  return org;
}

export async function findOrganisationBySlug(db: Kysely<Database>, slug: string) {
  return repo.findBySlug(db, slug);
}

export async function getOrganisation(db: Kysely<Database>, id: string) {
  const org = await repo.findById(db, id);
  if (!org) throw new NotFoundError();
  return org;
}

export function listMembers(db: Kysely<Database>, organisationId: string) {
  return repo.listMembers(db, organisationId);
}

/** One person's membership of the partnership (disabled or not); 404 when they are not in it. */
export async function getMember(db: Kysely<Database>, organisationId: string, userId: string) {
  return memberOr404(db, organisationId, userId);
}

/** Whether the person with this email is in the partnership: 'active', 'disabled', or undefined. */
export async function membershipStatusByEmail(
  db: Kysely<Database>,
  organisationId: string,
  email: string,
): Promise<'active' | 'disabled' | undefined> {
  const member = await repo.findMemberByEmail(db, organisationId, email.trim().toLowerCase());
  if (!member) return undefined;
  return member.disabled_at ? 'disabled' : 'active';
}

async function memberOr404(db: Kysely<Database>, organisationId: string, userId: string) {
  const member = await repo.findMember(db, organisationId, userId);
  if (!member) throw new NotFoundError();
  return member;
}

/** Never leave a partnership without an active admin. */
async function guardLastAdmin(db: Kysely<Database>, organisationId: string, member: { role: Role }) {
  if (member.role === 'admin' && (await repo.countActiveAdmins(db, organisationId)) <= 1) {
    throw new HttpError(409, 'A partnership must keep at least one admin');
  }
}

export async function changeRole(
  db: Kysely<Database>,
  actor: Actor & { organisationId: string },
  userId: string,
  role: Role,
  now = new Date(),
) {
  const member = await memberOr404(db, actor.organisationId, userId);
  if (member.role === role) return member;
  if (role !== 'admin') await guardLastAdmin(db, actor.organisationId, member);
  await db.transaction().execute(async (trx) => {
    await repo.setMemberRole(trx, actor.organisationId, userId, role, now.toISOString());
    await recordAudit(
      trx,
      actor,
      { action: 'member.role_changed', objectType: 'user', objectId: userId, detail: { from: member.role, to: role } },
      now,
    );
  });
  return { ...member, role };
}

/** Disabling ends the person's sessions in this partnership at once. */
export async function setDisabled(
  db: Kysely<Database>,
  actor: Actor & { organisationId: string },
  userId: string,
  disabled: boolean,
  now = new Date(),
) {
  const member = await memberOr404(db, actor.organisationId, userId);
  if (disabled && !member.disabled_at) await guardLastAdmin(db, actor.organisationId, member);
  await db.transaction().execute(async (trx) => {
    await repo.setMemberDisabled(
      trx,
      actor.organisationId,
      userId,
      disabled ? now.toISOString() : null,
      now.toISOString(),
    );
    if (disabled) await deleteSessionsOf(trx, userId, actor.organisationId);
    await recordAudit(
      trx,
      actor,
      { action: disabled ? 'member.disabled' : 'member.enabled', objectType: 'user', objectId: userId },
      now,
    );
  });
}

export interface SettingsChanges {
  name?: string;
  require_two_factor?: number;
  oidc_issuer?: string | null;
  oidc_client_id?: string | null;
  oidc_client_secret?: string | null;
  oidc_allowed_domains?: string | null;
  oidc_role_claim?: string | null;
  oidc_admin_group?: string | null;
  oidc_viewer_group?: string | null;
  sar_target_months?: number | null;
}

/** Saves settings; a new single sign-on client secret is sealed before it is stored. */
export async function updateSettings(
  db: Kysely<Database>,
  box: SecretBox,
  actor: Actor & { organisationId: string },
  changes: SettingsChanges,
  now = new Date(),
) {
  const secret = changes.oidc_client_secret;
  const sealed = secret ? { oidc_client_secret: sealClientSecret(box, actor.organisationId, secret) } : {};
  await writeSettings(db, actor, { ...changes, ...sealed }, now);
}

async function writeSettings(
  db: Kysely<Database>,
  actor: Actor & { organisationId: string },
  changes: SettingsChanges,
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    await repo.updateOrganisation(trx, actor.organisationId, { ...changes, updated_at: now.toISOString() });
    const fields = Object.keys(changes).filter((k) => k !== 'oidc_client_secret' || changes.oidc_client_secret);
    await recordAudit(
      trx,
      actor,
      {
        action: 'organisation.settings_changed',
        objectType: 'organisation',
        objectId: actor.organisationId,
        detail: { fields: fields.join(',') },
      },
      now,
    );
  });
}

/** Partnerships whose people can sign in with single sign-on. */
export function listSingleSignOnPartnerships(db: Kysely<Database>) {
  return repo.listWithSingleSignOn(db);
}

/** The memberships (disabled ones too) of the person with this email, each with its partnership's issuer. */
export function membershipsByEmail(db: Kysely<Database>, email: string) {
  return repo.membershipsByEmail(db, email);
}

/**
 * The admin settings page: the partnership's name, whether everyone must use two-factor and the board's
 * target, in months, for completing a safeguarding adult review.
 */
export async function saveGeneralSettings(
  db: Kysely<Database>,
  actor: Actor & { organisationId: string },
  input: { name: string; requireTwoFactor: boolean; sarTargetMonths?: number },
  now = new Date(),
) {
  const org = await getOrganisation(db, actor.organisationId);
  const changes: SettingsChanges = {};
  if (input.name.trim() !== org.name) changes.name = input.name.trim();
  const require = input.requireTwoFactor ? 1 : 0;
  if (require !== org.require_two_factor) changes.require_two_factor = require;
  const target = input.sarTargetMonths;
  if (target !== undefined && target !== org.sar_target_months) {
    changes.sar_target_months = target;
  }
  if (Object.keys(changes).length) await writeSettings(db, actor, changes, now);
  return { changed: Object.keys(changes) };
}
