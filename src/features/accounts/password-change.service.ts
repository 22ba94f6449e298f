import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { isThrottled, normaliseEmail, recordAttempt } from './accounts.service.js';
import * as accounts from './accounts.repository.js';
import { deleteOtherSessions, replacePasswordHash } from './password-change.repository.js';
import { hashPassword, passwordProblem, samePassword, verifyPassword } from './passwords.js';
import type { Actor } from '../../plugins/auth.js';

/**
 * A signed-in person changes their own password. A wrong current password counts against the same
 * throttle as signing in (10 failures in 5 minutes for the email address), so a session left open
 * cannot be used to guess the password faster than the sign-in page allows. Changing it ends every
 * other session of the person; the one they are using carries on.
 */

type Db = Kysely<Database>;

export type PasswordChangeResult =
  { ok: true; otherSessionsEnded: number } | { ok: false; reason: 'no-password' | 'wrong-current' | 'throttled' };

/** The person, and whether they have a password here (people who only use single sign-on have none). */
export async function passwordAccount(db: Db, userId: string) {
  const user = await accounts.findUserById(db, userId);
  if (!user) return undefined;
  return { email: user.email, name: user.name, hasPassword: user.password_hash !== null };
}

export async function changePassword(
  db: Db,
  input: { userId: string; currentPassword: string; newPassword: string; keepSessionIdHash: string | null },
  actor: Actor,
  now = new Date(),
): Promise<PasswordChangeResult> {
  const user = await accounts.findUserById(db, input.userId);
  if (!user?.password_hash) return { ok: false, reason: 'no-password' };
  const auditActor = { ...actor, userId: user.id };
  const subject = { objectType: 'user', objectId: user.id } as const;
  const emailKey = normaliseEmail(user.email);
  if (await isThrottled(db, emailKey, now)) {
    await recordAudit(db, auditActor, { action: 'password.change_throttled', ...subject }, now);
    return { ok: false, reason: 'throttled' };
  }
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    await recordAttempt(db, emailKey, false, now);
    await recordAudit(db, auditActor, { action: 'password.change_failed', ...subject }, now);
    return { ok: false, reason: 'wrong-current' };
  }
  // The form checks these too; the service does not rely on it.
  const problem = passwordProblem(input.newPassword, { email: user.email, name: user.name });
  if (problem) throw new HttpError(400, problem);
  if (samePassword(input.newPassword, input.currentPassword)) {
    throw new HttpError(400, 'Your new password must be different from your current password');
  }
  const newHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    const changed = await replacePasswordHash(trx, user.id, {
      from: user.password_hash!,
      to: newHash,
      at: now.toISOString(),
    });
    // Changed or reset by another request since it was checked: the password typed is no longer current.
    if (!changed) return { ok: false, reason: 'wrong-current' } as const;
    const otherSessionsEnded = await deleteOtherSessions(trx, user.id, input.keepSessionIdHash);
    await recordAudit(trx, auditActor, { action: 'password.changed', ...subject, detail: { otherSessionsEnded } }, now);
    return { ok: true, otherSessionsEnded } as const;
  });
}
