import type { Kysely, Transaction } from 'kysely';
import { preparedFirst } from '../../db/prepared.js';
import type { Database, MembershipTable, Role, UserAccountTable } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('user_account').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Executor, id: string) {
  return db.selectFrom('user_account').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertUser(db: Executor, user: UserAccountTable) {
  return db.insertInto('user_account').values(user).execute();
}

export function updateUser(db: Executor, id: string, changes: Partial<Omit<UserAccountTable, 'id'>>) {
  return db.updateTable('user_account').set(changes).where('id', '=', id).execute();
}

export function insertMembership(db: Executor, m: MembershipTable) {
  return db.insertInto('membership').values(m).execute();
}

/** The partnerships a person may work in (memberships not disabled). */
export function activeMemberships(db: Executor, userId: string) {
  return db
    .selectFrom('membership')
    .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .select([
      'membership.id',
      'membership.role',
      'organisation.id as organisation_id',
      'organisation.slug',
      'organisation.name',
      'organisation.require_two_factor',
    ])
    .where('membership.user_id', '=', userId)
    .where('membership.disabled_at', 'is', null)
    .orderBy('organisation.name')
    .execute();
}

export function activeMembership(db: Executor, userId: string, organisationId: string) {
  return db
    .selectFrom('membership')
    .innerJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .select([
      'membership.role',
      'organisation.id',
      'organisation.slug',
      'organisation.name',
      'organisation.require_two_factor',
    ])
    .where('membership.user_id', '=', userId)
    .where('membership.organisation_id', '=', organisationId)
    .where('membership.disabled_at', 'is', null)
    .executeTakeFirst();
}

/** The columns of a person and their membership that every signed-in request needs (joined as below). */
const OWNER_COLUMNS = [
  'user_account.id',
  'user_account.email',
  'user_account.name',
  'user_account.totp_enabled_at',
  'user_account.password_hash',
  'membership.role',
  'organisation.id as organisation_id',
  'organisation.slug as organisation_slug',
  'organisation.name as organisation_name',
  'organisation.require_two_factor',
] as const;

interface OwnerRow {
  id: string;
  email: string;
  name: string;
  totp_enabled_at: string | null;
  password_hash: string | null;
  role: MembershipTable['role'] | null;
  organisation_id: string | null;
  organisation_slug: string | null;
  organisation_name: string | null;
  require_two_factor: number | null;
}

function splitOwner({
  role,
  organisation_id,
  organisation_slug,
  organisation_name,
  require_two_factor,
  ...user
}: OwnerRow) {
  const membership =
    role !== null && organisation_id !== null && organisation_slug !== null && organisation_name !== null
      ? {
          role,
          id: organisation_id,
          slug: organisation_slug,
          name: organisation_name,
          require_two_factor: require_two_factor ?? 0,
        }
      : undefined;
  return { user, membership };
}

/**
 * A person and, when `organisationId` is given, their active membership of it, in one query: every
 * signed-in request asks this, so it is one round trip rather than two.
 */
export async function userWithMembership(db: Executor, userId: string, organisationId: string | null) {
  const row = await userWithMembershipQuery(db, userId, organisationId ?? '');
  return row ? splitOwner(row) : undefined;
}

const userWithMembershipQuery = preparedFirst((db, userId: string, organisationId: string) =>
  db
    .selectFrom('user_account')
    .leftJoin('membership', (join) =>
      join
        .onRef('membership.user_id', '=', 'user_account.id')
        .on('membership.organisation_id', '=', organisationId)
        .on('membership.disabled_at', 'is', null),
    )
    .leftJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .select(OWNER_COLUMNS)
    .where('user_account.id', '=', userId),
);

/** An API token by its hash, with its owner and the owner's active membership of the token's partnership. */
export async function tokenWithOwner(db: Executor, tokenHash: string) {
  const row = await tokenWithOwnerQuery(db, tokenHash);
  if (!row) return undefined;
  const { token_id, token_organisation_id, revoked_at, expires_at, last_used_at, scopes, ...owner } = row;
  const token = { id: token_id, organisation_id: token_organisation_id, revoked_at, expires_at, last_used_at, scopes };
  return { token, ...splitOwner(owner) };
}

const tokenWithOwnerQuery = preparedFirst((db, tokenHash: string) =>
  db
    .selectFrom('api_token')
    .innerJoin('user_account', 'user_account.id', 'api_token.user_id')
    .leftJoin('membership', (join) =>
      join
        .onRef('membership.user_id', '=', 'api_token.user_id')
        .onRef('membership.organisation_id', '=', 'api_token.organisation_id')
        .on('membership.disabled_at', 'is', null),
    )
    .leftJoin('organisation', 'organisation.id', 'membership.organisation_id')
    .select([
      'api_token.id as token_id',
      'api_token.organisation_id as token_organisation_id',
      'api_token.revoked_at',
      'api_token.expires_at',
      'api_token.last_used_at',
      'api_token.scopes',
      ...OWNER_COLUMNS,
    ])
    .where('api_token.token_hash', '=', tokenHash),
);

export async function countAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('membership')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin' satisfies Role)
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recentFailures(db: Executor, emailKey: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('email_key', '=', emailKey)
    .where('succeeded', '=', 0)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Failed attempts from one network address (any account) since the given time. */
export async function recentFailuresFrom(db: Executor, address: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('address', '=', address)
    .where('succeeded', '=', 0)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertAttempt(
  db: Executor,
  a: { id: string; email_key: string; succeeded: number; at: string; address?: string | null },
) {
  return db.insertInto('sign_in_attempt').values(a).execute();
}

export function deleteAttemptsBefore(db: Executor, before: string) {
  return db.deleteFrom('sign_in_attempt').where('at', '<', before).execute();
}

export function deleteSessions(db: Executor, userId: string, organisationId?: string) {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (organisationId) q = q.where('organisation_id', '=', organisationId);
  return q.execute();
}

export function touchToken(db: Executor, id: string, at: string) {
  return db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', id).execute();
}
