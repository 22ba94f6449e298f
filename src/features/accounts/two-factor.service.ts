import type { Kysely } from 'kysely';
import { Secret } from 'otpauth';
import type { Database } from '../../db/schema.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { longDate } from '../../lib/uk-time.js';
import { recordAudit } from '../audit/audit.service.js';
import { isThrottled, membershipsOf, recordAttempt } from './accounts.service.js';
import {
  looksLikeRecoveryCode,
  looksLikeTotp,
  matchingStep,
  newRecoveryCodes,
  normaliseCode,
  readUser,
  setupDetails,
  recoveryDigests,
  sealTotpSecret,
  type TwoFactorUser,
} from './two-factor.codes.js';
import * as repo from './two-factor.repository.js';
import type { Actor } from '../../plugins/auth.js';

/**
 * Two-factor authentication: set up, turned on and off, and checked at sign-in, with a code from an app or
 * one of 10 single-use recovery codes (the codes themselves: two-factor.codes). A code works once: the
 * last time-step used is stored. Wrong codes count toward the same throttle as wrong passwords.
 */

type Db = Kysely<Database>;

/** The partnerships where the person is an admin, or that require two-factor of everyone. */
export type RequiredBy = { name: string; admin: boolean }[];

/** Why a person may not turn two-factor off: the partnerships where they are an admin or it is required. */
async function requiredBy(db: Db, userId: string): Promise<RequiredBy> {
  const memberships = await membershipsOf(db, userId);
  return memberships
    .filter((m) => m.role === 'admin' || m.require_two_factor === 1)
    .map((m) => ({ name: m.name, admin: m.role === 'admin' }));
}

export type TwoFactorStatus =
  { on: true; enabledOn: string; unusedRecoveryCodes: number; requiredBy: RequiredBy } | { on: false };

export async function twoFactorStatus(db: Db, userId: string): Promise<TwoFactorStatus> {
  const user = await repo.findTwoFactorUser(db, userId);
  if (!user?.totp_enabled_at) return { on: false };
  const [unusedRecoveryCodes, required] = await Promise.all([
    repo.countUnusedRecoveryCodes(db, userId),
    requiredBy(db, userId),
  ]);
  return { on: true, enabledOn: longDate(user.totp_enabled_at), unusedRecoveryCodes, requiredBy: required };
}

/**
 * The set-up details while two-factor is off: a new secret each time (`fresh`), or the pending one when
 * the form is shown again after a mistake. Null when two-factor is on.
 */
export async function setupTwoFactor(db: Db, box: SecretBox, userId: string, fresh: boolean, now = new Date()) {
  const user = await readUser(db, box, userId);
  if (!user || user.totp_enabled_at) return null;
  let secret = user.totp_secret;
  if (fresh || !secret) {
    secret = new Secret({ size: 20 }).base32;
    await repo.setPendingSecret(db, userId, sealTotpSecret(box, userId, secret), now.toISOString());
  }
  return setupDetails(user.email, secret);
}

export type TurnOnResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'incorrect' | 'already-on' };

/** Turns two-factor on when the code matches the pending secret, and makes the first recovery codes. */
export async function turnOnTwoFactor(
  db: Db,
  box: SecretBox,
  userId: string,
  code: string,
  actor: Actor,
  now = new Date(),
): Promise<TurnOnResult> {
  const user = await readUser(db, box, userId);
  if (!user) return { ok: false, reason: 'incorrect' };
  if (user.totp_enabled_at) return { ok: false, reason: 'already-on' };
  const step = user.totp_secret ? matchingStep(user.totp_secret, user.email, normaliseCode(code), now) : null;
  const stored = user.stored_secret;
  if (step === null || !stored) return { ok: false, reason: 'incorrect' };
  const { codes, rows } = newRecoveryCodes(box, userId, now);
  const done = await db.transaction().execute(async (trx) => {
    // Only if the pending secret is still the one the code was checked against.
    if (!(await repo.enableTwoFactor(trx, userId, stored, step, now.toISOString()))) return false;
    await repo.replaceRecoveryCodes(trx, userId, rows);
    await recordAudit(
      trx,
      { ...actor, userId },
      { action: 'two_factor.enabled', objectType: 'user', objectId: userId },
      now,
    );
    return true;
  });
  return done ? { ok: true, recoveryCodes: codes } : { ok: false, reason: 'incorrect' };
}

type CheckResult = { ok: true; method: 'totp' | 'recovery_code' } | { ok: false; reason: 'incorrect' | 'throttled' };

/**
 * Checks a TOTP code or a recovery code, using it up when it is right. Refused while the email is
 * throttled; a wrong code is a failed sign-in attempt and an audit event (`failAction`).
 */
async function checkCode(
  db: Db,
  box: SecretBox,
  user: TwoFactorUser,
  input: string,
  actor: Actor,
  failAction: string,
  now: Date,
): Promise<CheckResult> {
  if (await isThrottled(db, user.email, now)) {
    await recordAudit(db, { ...actor, userId: user.id }, { action: 'sign_in.throttled' }, now);
    return { ok: false, reason: 'throttled' };
  }
  const code = normaliseCode(input);
  let method: 'totp' | 'recovery_code' | null = null;
  if (user.totp_enabled_at && user.totp_secret && looksLikeTotp(code)) {
    const step = matchingStep(user.totp_secret, user.email, code, now);
    if (step !== null && (await repo.useTotpStep(db, user.id, step))) method = 'totp';
  } else if (user.totp_enabled_at && looksLikeRecoveryCode(code)) {
    const digests = recoveryDigests(box, user.id, code);
    if (await repo.useRecoveryCode(db, user.id, digests, now.toISOString())) method = 'recovery_code';
  }
  if (method) return { ok: true, method };
  await recordAttempt(db, user.email, false, now);
  await recordAudit(db, { ...actor, userId: user.id }, { action: failAction }, now);
  return { ok: false, reason: 'incorrect' };
}

export type SecondFactorResult = CheckResult;

/** The second step of signing in: a code from the app, or a recovery code (which is then used up). */
export async function verifySecondFactor(
  db: Db,
  box: SecretBox,
  userId: string,
  code: string,
  actor: Actor,
  now = new Date(),
): Promise<SecondFactorResult> {
  const user = await readUser(db, box, userId);
  if (!user?.totp_enabled_at) return { ok: false, reason: 'incorrect' };
  const result = await checkCode(db, box, user, code, actor, 'sign_in.second_factor_failed', now);
  if (result.ok && result.method === 'recovery_code') {
    const remaining = await repo.countUnusedRecoveryCodes(db, userId);
    await recordAudit(
      db,
      { ...actor, userId },
      { action: 'sign_in.recovery_code_used', objectType: 'user', objectId: userId, detail: { remaining } },
      now,
    );
  }
  return result;
}

export type RegenerateResult =
  { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'incorrect' | 'throttled' | 'off' };

/** New recovery codes (the old ones stop working), after the person proves they still have their app. */
export async function regenerateRecoveryCodes(
  db: Db,
  box: SecretBox,
  userId: string,
  code: string,
  actor: Actor,
  now = new Date(),
): Promise<RegenerateResult> {
  const user = await readUser(db, box, userId);
  if (!user?.totp_enabled_at) return { ok: false, reason: 'off' };
  const check = await checkCode(db, box, user, code, actor, 'two_factor.code_failed', now);
  if (!check.ok) return check;
  const { codes, rows } = newRecoveryCodes(box, userId, now);
  await db.transaction().execute(async (trx) => {
    await repo.replaceRecoveryCodes(trx, userId, rows);
    await recordAudit(
      trx,
      { ...actor, userId },
      {
        action: 'two_factor.recovery_codes_regenerated',
        objectType: 'user',
        objectId: userId,
        detail: { confirmedWith: check.method },
      },
      now,
    );
  });
  return { ok: true, recoveryCodes: codes };
}

export type TurnOffResult =
  | { ok: true }
  | { ok: false; reason: 'incorrect' | 'throttled' | 'off' }
  | { ok: false; reason: 'required'; requiredBy: RequiredBy };

/** Turns two-factor off, unless the person is an admin or a partnership of theirs requires it. */
export async function turnOffTwoFactor(
  db: Db,
  box: SecretBox,
  userId: string,
  code: string,
  actor: Actor,
  now = new Date(),
): Promise<TurnOffResult> {
  const user = await readUser(db, box, userId);
  if (!user?.totp_enabled_at) return { ok: false, reason: 'off' };
  const required = await requiredBy(db, userId);
  if (required.length) return { ok: false, reason: 'required', requiredBy: required };
  const check = await checkCode(db, box, user, code, actor, 'two_factor.code_failed', now);
  if (!check.ok) return check;
  await db.transaction().execute(async (trx) => {
    await repo.disableTwoFactor(trx, userId, now.toISOString());
    await repo.deleteRecoveryCodes(trx, userId);
    await recordAudit(
      trx,
      { ...actor, userId },
      { action: 'two_factor.disabled', objectType: 'user', objectId: userId, detail: { confirmedWith: check.method } },
      now,
    );
  });
  return { ok: true };
}
