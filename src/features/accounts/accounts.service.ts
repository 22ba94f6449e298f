import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { addressKey } from '../../lib/ip-address.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repo from './accounts.repository.js';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import type { Actor } from '../../plugins/auth.js';

export const THROTTLE = { failures: 10, windowMs: 5 * 60 * 1000 } as const;
/**
 * Failed password sign-ins from one network address, whatever the accounts, before that address is
 * refused for the rest of the window. Generous enough for a busy council office behind one NAT address;
 * it stops one sender trying a password against many accounts.
 */
export const ADDRESS_THROTTLE = { failures: 100, windowMs: 15 * 60 * 1000 } as const;

type Db = Kysely<Database>;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface NewUser {
  email: string;
  name: string;
  password?: string;
  organisationId: string;
  role: Role;
}

/** Creates a person (or finds them by email) and makes them a member of the partnership. */
export async function createUser(db: Db, input: NewUser, actor: Actor, now = new Date()) {
  const email = normaliseEmail(input.email);
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, { email });
    if (problem) throw new HttpError(400, problem);
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return db.transaction().execute(async (trx) => {
    let user = await repo.findUserByEmail(trx, email);
    if (!user) {
      user = {
        id: newId(now.getTime()),
        email,
        name: input.name.trim(),
        password_hash: passwordHash,
        totp_secret: null,
        totp_enabled_at: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      };
      await repo.insertUser(trx, user);
    } else if (passwordHash && !user.password_hash) {
      await repo.updateUser(trx, user.id, { password_hash: passwordHash, updated_at: now.toISOString() });
    }
    const existing = await repo.activeMembership(trx, user.id, input.organisationId);
    if (!existing) {
      await repo.insertMembership(trx, {
        id: newId(now.getTime()),
        organisation_id: input.organisationId,
        user_id: user.id,
        role: input.role,
        disabled_at: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
      await recordAudit(
        trx,
        { ...actor, organisationId: input.organisationId },
        { action: 'member.added', objectType: 'user', objectId: user.id, detail: { role: input.role } },
        now,
      );
    }
    return user;
  });
}

export type SignInResult =
  | {
      ok: true;
      userId: string;
      needsSecondFactor: boolean;
      needsTwoFactorSetup: boolean;
      organisationId: string | null;
    }
  | { ok: false; reason: 'invalid' | 'throttled' | 'address-throttled' };

/**
 * Whether an email address has had too many failed attempts (password or second factor, on any page)
 * within the throttle's window.
 */
export async function isThrottled(db: Db, emailKey: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - THROTTLE.windowMs).toISOString();
  return (await repo.recentFailures(db, emailKey, since)) >= THROTTLE.failures;
}

/** Whether a network address has had too many failed password sign-ins, across all accounts. */
export async function isAddressThrottled(db: Db, address: string | null, now: Date): Promise<boolean> {
  if (!address) return false;
  const since = new Date(now.getTime() - ADDRESS_THROTTLE.windowMs).toISOString();
  return (await repo.recentFailuresFrom(db, address, since)) >= ADDRESS_THROTTLE.failures;
}

/**
 * Counts an attempt towards (or, when it succeeded, beside) the throttle: its account's, and its
 * address's when one is given (password sign-ins).
 */
export function recordAttempt(db: Db, emailKey: string, succeeded: boolean, now: Date, address?: string | null) {
  return repo.insertAttempt(db, {
    id: newId(now.getTime()),
    email_key: emailKey,
    succeeded: succeeded ? 1 : 0,
    at: now.toISOString(),
    address: address ?? null,
  });
}

/**
 * Checks an email and password. Unknown emails cost the same as known ones (a dummy hash is checked)
 * and get the same answer. After 10 failures in 5 minutes for an email, or 100 in 15 minutes from one
 * network address (any accounts), every attempt is refused until the window has passed; nothing locks
 * permanently.
 */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  actor: Actor,
  now = new Date(),
): Promise<SignInResult> {
  const emailKey = normaliseEmail(email);
  const address = addressKey(actor.ip);
  const throttled = (await isAddressThrottled(db, address, now))
    ? 'address-throttled'
    : (await isThrottled(db, emailKey, now))
      ? 'throttled'
      : null;
  const user = await repo.findUserByEmail(db, emailKey);
  if (throttled) {
    await verifyPassword(password, await dummyPasswordHash());
    await recordAudit(
      db,
      { ...actor, userId: user?.id ?? null },
      { action: 'sign_in.throttled', ...(throttled === 'address-throttled' ? { detail: { by: 'address' } } : {}) },
      now,
    );
    return { ok: false, reason: throttled };
  }
  const memberships = user ? await repo.activeMemberships(db, user.id) : [];
  const passwordOk = await verifyPassword(password, user?.password_hash ?? (await dummyPasswordHash()));
  const ok = Boolean(user && passwordOk && memberships.length > 0);
  await recordAttempt(db, emailKey, ok, now, address);
  if (!ok || !user) {
    await recordAudit(
      db,
      { ...actor, userId: user?.id ?? null, organisationId: memberships[0]?.organisation_id ?? null },
      { action: 'sign_in.failed' },
      now,
    );
    return { ok: false, reason: 'invalid' };
  }
  const organisationId = memberships.length === 1 ? memberships[0]!.organisation_id : null;
  const twoFactorRequired = memberships.some((m) => m.role === 'admin' || m.require_two_factor === 1);
  await recordAudit(db, { ...actor, userId: user.id, organisationId }, { action: 'sign_in.password_ok' }, now);
  return {
    ok: true,
    userId: user.id,
    organisationId,
    needsSecondFactor: Boolean(user.totp_enabled_at),
    needsTwoFactorSetup: !user.totp_enabled_at && twoFactorRequired,
  };
}

export function deleteSessionsOf(db: Db | Transaction<Database>, userId: string, organisationId?: string) {
  return repo.deleteSessions(db, userId, organisationId);
}

export async function getUser(db: Db, id: string) {
  return repo.findUserById(db, id);
}

export function membershipsOf(db: Db, userId: string) {
  return repo.activeMemberships(db, userId);
}

export function membershipIn(db: Db, userId: string, organisationId: string) {
  return repo.activeMembership(db, userId, organisationId);
}

export async function isFirstRun(db: Db): Promise<boolean> {
  return (await repo.countAdmins(db)) === 0;
}

/** Old sign-in attempts are only needed for the throttling window. */
export function pruneAttempts(db: Db, now = new Date()) {
  return repo.deleteAttemptsBefore(db, new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString());
}

/** The active member with this email in the partnership, or undefined. */
export async function activeMemberByEmail(db: Db, email: string, organisationId: string) {
  const user = await repo.findUserByEmail(db, normaliseEmail(email));
  if (!user) return undefined;
  return (await repo.activeMembership(db, user.id, organisationId)) ? user : undefined;
}

export { passwordProblem, verifyPassword } from './passwords.js';

/** The account with this email address (already normalised), if there is one. */
export function userByEmail(db: Db, email: string) {
  return repo.findUserByEmail(db, email);
}

/** Sign-in finished (after the second factor when there is one). */
export function recordSignedIn(db: Db, actor: Actor, now = new Date()) {
  return recordAudit(db, actor, { action: 'sign_in.succeeded' }, now);
}

export function recordSignedOut(db: Db, actor: Actor, now = new Date()) {
  return recordAudit(db, actor, { action: 'sign_out' }, now);
}

export function recordPartnershipChosen(db: Db, actor: Actor & { organisationId: string }, now = new Date()) {
  return recordAudit(
    db,
    actor,
    { action: 'partnership.chosen', objectType: 'organisation', objectId: actor.organisationId },
    now,
  );
}
