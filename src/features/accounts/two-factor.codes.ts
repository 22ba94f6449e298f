import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import type { Database } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import type { SecretBox } from '../../lib/secret-box.js';
import { sha256 } from './accounts.service.js';
import * as repo from './two-factor.repository.js';

/**
 * The codes of two-factor and how they are kept: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one
 * step either side allowed for clock drift) from a secret stored sealed, and recovery codes stored as
 * keyed digests (lib/secret-box), each bound to its person.
 */

type Db = Kysely<Database>;

export const ISSUER = 'Quality Markers';
export const RECOVERY_CODE_COUNT = 10;
const TOTP_OPTIONS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
const WINDOW = 1;
/** No 0/o, 1/l/i: easy to read back from paper. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

const totpContext = (userId: string) => `totp:${userId}`;
export const sealTotpSecret = (box: SecretBox, userId: string, secret: string) => box.seal(secret, totpContext(userId));
const recoveryContext = (userId: string) => `recovery-code:${userId}`;

/**
 * Every digest a recovery code of the person may be stored under: keyed with each key, and the plain
 * SHA-256 of codes made before digests were keyed (accepted until used or replaced).
 */
export const recoveryDigests = (box: SecretBox, userId: string, code: string) => [
  ...box.digests(code, recoveryContext(userId)),
  sha256(code),
];

/** The person's two-factor state with their secret opened; `stored_secret` is the value as stored. */
export async function readUser(db: Db, box: SecretBox, userId: string) {
  const user = await repo.findTwoFactorUser(db, userId);
  if (!user) return undefined;
  const stored = user.totp_secret;
  return { ...user, stored_secret: stored, totp_secret: stored && box.open(stored, totpContext(userId)) };
}
export type TwoFactorUser = NonNullable<Awaited<ReturnType<typeof readUser>>>;

export const totpFor = (secret: string, email: string) =>
  new TOTP({ issuer: ISSUER, label: email, secret: Secret.fromBase32(secret), ...TOTP_OPTIONS });

/** Spaces, hyphens and case do not matter when someone types a code. */
export const normaliseCode = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();
export const looksLikeTotp = (code: string) => /^\d{6}$/.test(code);
export const looksLikeRecoveryCode = (code: string) => new RegExp(`^[${RECOVERY_ALPHABET}]{10}$`).test(code);

/** The time-step a code belongs to, or null when it matches none in the window. */
export function matchingStep(secret: string, email: string, code: string, now: Date): number | null {
  const totp = totpFor(secret, email);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : totp.counter({ timestamp: now.getTime() }) + delta;
}

export function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

export function newRecoveryCodes(box: SecretBox, userId: string, now: Date) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const rows = codes.map((code) => ({
    id: newId(now.getTime()),
    user_id: userId,
    code_hash: box.digest(normaliseCode(code), recoveryContext(userId)),
    used_at: null,
    created_at: now.toISOString(),
  }));
  return { codes, rows };
}

export interface SetupDetails {
  email: string;
  issuer: string;
  /** The secret in groups of 4, for typing into an app by hand */
  secretGroups: string;
  /** Inline SVG of the otpauth:// address, labelled for assistive technology */
  qrSvg: string;
}

/** What the set-up page shows: the key in groups of 4 and a labelled QR code of its otpauth:// address. */
export async function setupDetails(email: string, secret: string): Promise<SetupDetails> {
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(totpFor(secret, email).toString(), {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
  });
  const title = `QR code to add ${ISSUER} to your authenticator app`;
  return {
    email,
    issuer: ISSUER,
    secretGroups: secret.match(/.{1,4}/g)!.join(' '),
    qrSvg: svg
      .replace(
        /^<svg /,
        `<svg role="img" aria-labelledby="qr-title" class="app-qr-code" width="200" height="200" focusable="false" `,
      )
      .replace(/^(<svg[^>]*>)/, `$1<title id="qr-title">${title}</title>`),
  };
}

/**
 * Seals every TOTP secret stored in plain text (before sealing began) or with a previous key, so a change
 * of SESSION_SECRET can be finished. Run at start-up; a secret changed meanwhile is left to its writer.
 */
export async function sealStoredTotpSecrets(db: Db, box: SecretBox): Promise<number> {
  let sealed = 0;
  for (const { id, totp_secret: stored } of await repo.storedTotpSecrets(db)) {
    const fresh = box.resealed(stored, totpContext(id));
    if (fresh && (await repo.replaceStoredSecret(db, id, stored, fresh))) sealed += 1;
  }
  return sealed;
}
