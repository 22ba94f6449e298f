import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets the app must read back (a two-factor secret, a single sign-on client secret) are kept in the
 * database sealed with AES-256-GCM, and codes it only checks (recovery codes) as keyed digests, so a copy
 * of the database alone gives neither. The keys come from the app's secret (SESSION_SECRET) by HKDF;
 * secrets listed as previous still open what they sealed, so the app's secret can be changed.
 *
 * Each sealed value is bound to where it belongs (`context`, e.g. "totp:<user id>"): copied to another
 * row, it does not open.
 */

const PREFIX = 'qm1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Key {
  id: string;
  sealing: Buffer;
  digesting: Buffer;
}

function keyOf(secret: string): Key {
  const derive = (purpose: string) =>
    Buffer.from(hkdfSync('sha256', secret, 'quality-markers', `secrets-at-rest/${purpose}`, 32));
  const sealing = derive('seal');
  // Names the key in each sealed value without giving anything away about it.
  const id = createHash('sha256').update(derive('key-id')).digest('base64url').slice(0, 8);
  return { id, sealing, digesting: derive('digest') };
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export class SecretBox {
  readonly #keys: Key[];

  /** The first secret seals; all of them open. */
  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new SecretBoxError('A secret box needs at least one secret');
    this.#keys = secrets.map(keyOf);
  }

  seal(plain: string, context: string): string {
    const key = this.#keys[0]!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.sealing, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [PREFIX, key.id, iv.toString('base64url'), body.toString('base64url')].join(':');
  }

  /** Whether a stored value was sealed by a secret box (anything else is plain text from before). */
  static isSealed(stored: string): boolean {
    return stored.startsWith(`${PREFIX}:`);
  }

  /** Whether a sealed value is sealed with the current key (false: seal it again). */
  isCurrent(stored: string): boolean {
    return SecretBox.isSealed(stored) && stored.split(':')[1] === this.#keys[0]!.id;
  }

  /**
   * The same secret sealed with the current key, or null when it already is: for stored values in plain
   * text from before sealing began, or sealed with a previous key.
   */
  resealed(stored: string, context: string): string | null {
    return this.isCurrent(stored) ? null : this.seal(this.open(stored, context), context);
  }

  /**
   * The plain text of a sealed value. A value stored before sealing began comes back as it is. Throws
   * when the value was tampered with, belongs elsewhere, or was sealed with a key the app no longer has.
   */
  open(stored: string, context: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const [, keyId, iv, body] = stored.split(':');
    const key = this.#keys.find((k) => k.id === keyId);
    if (!key || !iv || !body) throw new SecretBoxError('A stored secret was sealed with a key this app does not have');
    const bytes = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key.sealing, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretBoxError('A stored secret did not open: it was changed or belongs elsewhere');
    }
  }

  /** The keyed digest to store for a code that is only ever checked, never read back. */
  digest(code: string, context: string): string {
    return this.#digestWith(this.#keys[0]!, code, context);
  }

  /** Every digest a stored code may have: with each key, current first. */
  digests(code: string, context: string): string[] {
    return this.#keys.map((k) => this.#digestWith(k, code, context));
  }

  #digestWith(key: Key, code: string, context: string): string {
    return `${PREFIX}:${createHmac('sha256', key.digesting).update(`${context}\u0000${code}`).digest('hex')}`;
  }
}
