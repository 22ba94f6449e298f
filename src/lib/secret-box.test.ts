import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from './secret-box.js';

const OLD = 'the-secret-this-app-was-first-given-1234';
const NEW = 'the-secret-it-was-given-when-that-was-changed';
const PLAIN = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('SecretBox', () => {
  const box = new SecretBox([OLD]);

  it('seals so that only the same context opens it, differently every time', () => {
    const a = box.seal(PLAIN, 'totp:user-1');
    const b = box.seal(PLAIN, 'totp:user-1');
    expect(a).toMatch(/^qm1:[\w-]{8}:[\w-]+:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(PLAIN);
    expect(box.open(a, 'totp:user-1')).toBe(PLAIN);
    expect(() => box.open(a, 'totp:user-2')).toThrow(SecretBoxError);
  });

  it('refuses a sealed value that was changed', () => {
    const sealed = box.seal(PLAIN, 'c');
    const body = sealed.split(':')[3]!;
    const flipped = `${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(() => box.open(sealed.replace(body, flipped), 'c')).toThrow(SecretBoxError);
    expect(() => box.open('qm1:nokey:abc:def', 'c')).toThrow(/a key this app does not have/);
  });

  it('opens what a previous secret sealed, seals with the first, and says which values to seal again', () => {
    const sealedBefore = box.seal(PLAIN, 'c');
    const rotated = new SecretBox([NEW, OLD]);
    expect(rotated.open(sealedBefore, 'c')).toBe(PLAIN);
    expect(rotated.isCurrent(sealedBefore)).toBe(false);
    const sealedNow = rotated.seal(PLAIN, 'c');
    expect(rotated.isCurrent(sealedNow)).toBe(true);
    expect(box.isCurrent(sealedNow)).toBe(false);
    expect(() => new SecretBox([NEW]).open(sealedBefore, 'c')).toThrow(SecretBoxError);
    const again = rotated.resealed(sealedBefore, 'c')!;
    expect(rotated.isCurrent(again) && rotated.open(again, 'c')).toBe(PLAIN);
    expect(rotated.resealed(sealedNow, 'c')).toBeNull();
    expect(rotated.open(rotated.resealed(PLAIN, 'c')!, 'c')).toBe(PLAIN);
  });

  it('passes plain text stored before sealing began through, and never counts it as current', () => {
    expect(SecretBox.isSealed(PLAIN)).toBe(false);
    expect(box.open(PLAIN, 'c')).toBe(PLAIN);
    expect(box.isCurrent(PLAIN)).toBe(false);
  });

  it('digests a code by key and context, with every key’s digest available for checking', () => {
    const digest = box.digest('abcd-efgh-jk', 'recovery-code:user-1');
    expect(digest).toMatch(/^qm1:[0-9a-f]{64}$/);
    expect(box.digest('abcd-efgh-jk', 'recovery-code:user-1')).toBe(digest);
    expect(box.digest('abcd-efgh-jk', 'recovery-code:user-2')).not.toBe(digest);
    const rotated = new SecretBox([NEW, OLD]);
    expect(rotated.digest('abcd-efgh-jk', 'recovery-code:user-1')).not.toBe(digest);
    expect(rotated.digests('abcd-efgh-jk', 'recovery-code:user-1')).toEqual([
      rotated.digest('abcd-efgh-jk', 'recovery-code:user-1'),
      digest,
    ]);
  });

  it('needs a secret', () => {
    expect(() => new SecretBox([])).toThrow(SecretBoxError);
  });
});
