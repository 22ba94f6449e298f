import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import { MIN_PASSWORD_HASH_COST, PASSWORD_HASH_COST } from '../../config/config.js';

/**
 * Password hashing with scrypt at OWASP's recommended cost (N=2^17, r=8, p=1), parameters stored in
 * the hash so they can be raised later. Policy per NCSC/NIST: 12 to 128 characters, not a common
 * password, no composition rules, no expiry.
 */

export const MIN_LENGTH = 12;
export const MAX_LENGTH = 128;
let params = { N: 2 ** PASSWORD_HASH_COST, r: 8, p: 1 };
const KEY_LENGTH = 32;

/**
 * Sets the cost (log2 N) of new hashes from configuration (PASSWORD_HASH_COST): buildApp and the CLI call
 * it. Production's 17 is the default and its floor; tests set 10, which makes a hash ~100 times cheaper.
 * Existing hashes keep verifying at the cost stored in them.
 */
export function setPasswordHashCost(cost: number): void {
  if (!Number.isInteger(cost) || cost < MIN_PASSWORD_HASH_COST || cost > 20) {
    throw new RangeError(`password hash cost must be a whole number from ${MIN_PASSWORD_HASH_COST} to 20`);
  }
  if (params.N === 2 ** cost) return;
  params = { N: 2 ** cost, r: 8, p: 1 };
  dummyHash = undefined;
}

function scrypt(password: string, salt: Buffer, opts: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...opts, maxmem: 256 * opts.N * opts.r };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Whether two typed passwords are the same password, as hashing sees them (both normalised to NFKC). */
export function samePassword(a: string, b: string): boolean {
  return a.normalize('NFKC') === b.normalize('NFKC');
}

/** A hash of a random password: verifying against it costs the same as a real check. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

let common: Set<string> | undefined;

/** A GOV.UK-style message when the password is not acceptable, or undefined. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | undefined {
  if (!password) return 'Enter a password';
  if (password.length < MIN_LENGTH) return `Password must be ${MIN_LENGTH} characters or more`;
  if (password.length > MAX_LENGTH) return `Password must be ${MAX_LENGTH} characters or fewer`;
  common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  const lower = password.toLowerCase();
  if (common.has(lower) || /^(.)\1+$/.test(password) || /^(?:0123456789|1234567890|abcdefghijkl)/.test(lower)) {
    return 'Password is too easy to guess: choose a different one, such as three random words';
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'Password must not contain your email address';
  return undefined;
}
