import type { Kysely, Transaction } from 'kysely';
import type { Database, RecoveryCodeTable, UserAccountTotpColumns } from '../../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The person's two-factor state, with the last TOTP time-step they used. */
export function findTwoFactorUser(db: Executor, userId: string) {
  return db
    .withTables<UserAccountTotpColumns>()
    .selectFrom('user_account')
    .select(['id', 'email', 'totp_secret', 'totp_enabled_at', 'totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** Keeps a new pending secret, only while two-factor is off. */
export function setPendingSecret(db: Executor, userId: string, secret: string, at: string) {
  return db
    .withTables<UserAccountTotpColumns>()
    .updateTable('user_account')
    .set({ totp_secret: secret, totp_last_step: null, updated_at: at })
    .where('id', '=', userId)
    .where('totp_enabled_at', 'is', null)
    .execute();
}

/** Turns two-factor on with the pending secret; false if it changed or another request turned it on first. */
export async function enableTwoFactor(db: Executor, userId: string, secret: string, step: number, at: string) {
  const result = await db
    .withTables<UserAccountTotpColumns>()
    .updateTable('user_account')
    .set({ totp_enabled_at: at, totp_last_step: step, updated_at: at })
    .where('id', '=', userId)
    .where('totp_secret', '=', secret)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function disableTwoFactor(db: Executor, userId: string, at: string) {
  return db
    .withTables<UserAccountTotpColumns>()
    .updateTable('user_account')
    .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: at })
    .where('id', '=', userId)
    .execute();
}

/** Records a TOTP time-step as used; false when it (or a later one) was used already: a code works once. */
export async function useTotpStep(db: Executor, userId: string, step: number) {
  const result = await db
    .withTables<UserAccountTotpColumns>()
    .updateTable('user_account')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where('totp_enabled_at', 'is not', null)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces every recovery code of the person with these. */
export async function replaceRecoveryCodes(db: Executor, userId: string, codes: RecoveryCodeTable[]) {
  await db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
  if (codes.length) await db.insertInto('recovery_code').values(codes).execute();
}

export function deleteRecoveryCodes(db: Executor, userId: string) {
  return db.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_code')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks an unused recovery code used; false when there is no such unused code (it works once). */
/** Uses up an unused recovery code of the person stored under any of these digests. */
export async function useRecoveryCode(db: Executor, userId: string, codeHashes: string[], at: string) {
  const code = await db
    .selectFrom('recovery_code')
    .select('id')
    .where('user_id', '=', userId)
    .where('code_hash', 'in', codeHashes)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (!code) return false;
  const result = await db
    .updateTable('recovery_code')
    .set({ used_at: at })
    .where('id', '=', code.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every stored TOTP secret (pending or in use), as stored. */
export async function storedTotpSecrets(db: Executor): Promise<{ id: string; totp_secret: string }[]> {
  const rows = await db
    .withTables<UserAccountTotpColumns>()
    .selectFrom('user_account')
    .select(['id', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, totp_secret: r.totp_secret! }));
}

/** Replaces a stored TOTP secret with the same secret stored another way; false if it changed meanwhile. */
export async function replaceStoredSecret(db: Executor, userId: string, stored: string, replacement: string) {
  const result = await db
    .withTables<UserAccountTotpColumns>()
    .updateTable('user_account')
    .set({ totp_secret: replacement })
    .where('id', '=', userId)
    .where('totp_secret', '=', stored)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
