import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { normaliseEmail } from './accounts.service.js';
import * as repo from './accounts.repository.js';
import { createLink, findUsableLink, useLink } from './links.service.js';
import { hashPassword, passwordProblem } from './passwords.js';
import type { Actor } from '../../plugins/auth.js';

/**
 * Password resets by one-time link (24 hours, works once). A person asks for one by email (sent only
 * when mail is set up and the account exists; the answer is the same either way), or a partnership
 * admin makes one to pass on. A reset ends every session of the person. It does not bypass two-factor:
 * the next sign-in still asks for the second factor.
 */

export const RESET_EXPIRED = 'This password reset link has expired or has already been used';

type Db = Kysely<Database>;

export const resetUrl = (publicUrl: string, token: string) => `${publicUrl}/password-reset/${token}`;

export function resetEmail(input: { to: string; name: string; url: string }) {
  return {
    to: input.to,
    subject: 'Reset your Quality Markers password',
    text: [
      `Dear ${input.name},`,
      '',
      'Someone asked to reset the password of your Quality Markers account. To choose a new password, open this link:',
      input.url,
      '',
      'The link works once and expires in 24 hours. If you did not ask for this, you can ignore this email: your password has not changed.',
    ].join('\n'),
  };
}

/**
 * A person asked for a reset link by email. Returns the email to send, or undefined when there is no
 * account with an active membership for that address (the caller shows the same page either way).
 */
export async function requestPasswordReset(
  db: Db,
  email: string,
  publicUrl: string,
  actor: Actor,
  now = new Date(),
): Promise<ReturnType<typeof resetEmail> | undefined> {
  const user = await repo.findUserByEmail(db, normaliseEmail(email));
  if (!user || (await repo.activeMemberships(db, user.id)).length === 0) return undefined;
  const token = await db.transaction().execute(async (trx) => {
    const { token } = await createLink(trx, { purpose: 'reset', userId: user.id, email: user.email }, now);
    await recordAudit(
      trx,
      { ...actor, userId: user.id, organisationId: null },
      { action: 'password_reset.requested', objectType: 'user', objectId: user.id, detail: { via: 'email' } },
      now,
    );
    return token;
  });
  return resetEmail({ to: user.email, name: user.name, url: resetUrl(publicUrl, token) });
}

/**
 * A partnership admin makes a reset link for one of its active members. Refused for people who also
 * belong to another partnership: one partnership's admin must not be able to take over an account
 * that reaches another partnership's reviews.
 */
export async function createResetLinkByAdmin(
  db: Db,
  actor: Actor & { organisationId: string; userId: string },
  userId: string,
  now = new Date(),
) {
  const [user, memberships] = await Promise.all([repo.findUserById(db, userId), repo.activeMemberships(db, userId)]);
  if (!user || !memberships.some((m) => m.organisation_id === actor.organisationId)) {
    throw new HttpError(409, 'You can only make a password reset link for someone whose account is active');
  }
  if (memberships.length > 1) {
    throw new HttpError(
      409,
      'This person also belongs to another partnership, so only they can reset their password, from the sign-in page',
    );
  }
  return db.transaction().execute(async (trx) => {
    const { token } = await createLink(
      trx,
      {
        purpose: 'reset',
        organisationId: actor.organisationId,
        userId: user.id,
        email: user.email,
        createdBy: actor.userId,
      },
      now,
    );
    await recordAudit(
      trx,
      actor,
      { action: 'password_reset.requested', objectType: 'user', objectId: user.id, detail: { via: 'admin' } },
      now,
    );
    return { token, email: user.email, name: user.name };
  });
}

/** The person a usable reset link is for, or undefined. */
export async function findReset(db: Db, token: string, now = new Date()) {
  const link = await findUsableLink(db, token, 'reset', now);
  const user = link?.user_id ? await repo.findUserById(db, link.user_id) : undefined;
  return link && user ? { link, user: { id: user.id, email: user.email, name: user.name } } : undefined;
}

/** Sets the new password, uses the link and ends all the person's sessions, in one transaction. */
export async function resetPassword(db: Db, token: string, password: string, actor: Actor, now = new Date()) {
  const reset = await findReset(db, token, now);
  if (!reset) throw new HttpError(410, RESET_EXPIRED);
  const problem = passwordProblem(password, { email: reset.user.email });
  if (problem) throw new HttpError(400, problem);
  const passwordHash = await newPasswordHash(password);
  await db.transaction().execute(async (trx) => {
    if (!(await useLink(trx, reset.link.id, now))) throw new HttpError(410, RESET_EXPIRED);
    await repo.updateUser(trx, reset.user.id, { password_hash: passwordHash, updated_at: now.toISOString() });
    await repo.deleteSessions(trx, reset.user.id);
    await recordAudit(
      trx,
      { ...actor, userId: reset.user.id, organisationId: reset.link.organisation_id },
      { action: 'password.reset', objectType: 'user', objectId: reset.user.id },
      now,
    );
  });
  return reset.user;
}

/** The stored form of a new password (scrypt, parameters kept in the hash). */
export function newPasswordHash(password: string): Promise<string> {
  return hashPassword(password);
}
