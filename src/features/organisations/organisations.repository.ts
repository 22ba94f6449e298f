import type { Kysely, Transaction } from 'kysely';
import type { Database, OrganisationTable, Role } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function insertOrganisation(db: Executor, org: OrganisationTable) {
  return db.insertInto('organisation').values(org).execute();
}

export function findBySlug(db: Executor, slug: string) {
  return db.selectFrom('organisation').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findById(db: Executor, id: string) {
  return db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function slugsLike(db: Executor, base: string): Promise<string[]> {
  const rows = await db.selectFrom('organisation').select('slug').where('slug', 'like', `${base}%`).execute();
  return rows.map((r) => r.slug);
}

export function updateOrganisation(db: Executor, id: string, changes: Partial<Omit<OrganisationTable, 'id'>>) {
  return db.updateTable('organisation').set(changes).where('id', '=', id).execute();
}

/** The partnership's memberships, each with the person's account. */
function membersWithAccounts(db: Executor, organisationId: string) {
  return db
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select([
      'membership.id as membership_id',
      'membership.role',
      'membership.disabled_at',
      'user_account.id as user_id',
      'user_account.name',
      'user_account.email',
      'user_account.totp_enabled_at',
    ])
    .where('membership.organisation_id', '=', organisationId);
}

/** Everyone in one partnership, disabled people included. */
export function listMembers(db: Executor, organisationId: string) {
  return membersWithAccounts(db, organisationId).select('membership.created_at').orderBy('user_account.name').execute();
}

export function findMember(db: Executor, organisationId: string, userId: string) {
  return membersWithAccounts(db, organisationId).where('membership.user_id', '=', userId).executeTakeFirst();
}

/** The membership (disabled or not) of the person with this lower-case email, if any. */
export function findMemberByEmail(db: Executor, organisationId: string, email: string) {
  return db
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .select(['membership.role', 'membership.disabled_at', 'user_account.id as user_id'])
    .where('membership.organisation_id', '=', organisationId)
    .where('user_account.email', '=', email)
    .executeTakeFirst();
}

export function setMemberRole(db: Executor, organisationId: string, userId: string, role: Role, at: string) {
  return db
    .updateTable('membership')
    .set({ role, updated_at: at })
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .execute();
}

export function setMemberDisabled(
  db: Executor,
  organisationId: string,
  userId: string,
  at: string | null,
  now: string,
) {
  return db
    .updateTable('membership')
    .set({ disabled_at: at, updated_at: now })
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .execute();
}

export async function countActiveAdmins(db: Executor, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('membership')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Partnerships that have single sign-on set up (an issuer and a client id), by name. */
export function listWithSingleSignOn(db: Executor) {
  return db
    .selectFrom('organisation')
    .select(['id', 'slug', 'name', 'oidc_issuer'])
    .where('oidc_issuer', 'is not', null)
    .where('oidc_client_id', 'is not', null)
    .orderBy('name')
    .execute();
}

/** Every membership (disabled ones too) of the person with this email, with each partnership's issuer. */
export function membershipsByEmail(db: Executor, email: string) {
  return db
    .selectFrom('membership')
    .innerJoin('user_account', 'user_account.id', 'membership.user_id')
    .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .select([
      'user_account.id as user_id',
      'membership.organisation_id',
      'membership.role',
      'membership.disabled_at',
      'organisation.oidc_issuer',
    ])
    .where('user_account.email', '=', email.toLowerCase())
    .execute();
}

/** Every stored single sign-on client secret, as stored. */
export async function storedClientSecrets(db: Executor): Promise<{ id: string; oidc_client_secret: string }[]> {
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'oidc_client_secret'])
    .where('oidc_client_secret', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, oidc_client_secret: r.oidc_client_secret! }));
}

/** Replaces a stored client secret with the same secret stored another way; false if it changed meanwhile. */
export async function replaceClientSecret(db: Executor, id: string, stored: string, replacement: string) {
  const result = await db
    .updateTable('organisation')
    .set({ oidc_client_secret: replacement })
    .where('id', '=', id)
    .where('oidc_client_secret', '=', stored)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
