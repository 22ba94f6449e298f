import { secureRandomBytes } from './random.js';

// The last millisecond an id was made for, and the 12-bit sequence used in it (RFC 9562 §6.2, method 1).
let lastMs = -1;
let sequence = 0;

/**
 * A UUIDv7 (RFC 9562): 48-bit millisecond time, a 12-bit sequence, then random bits; sorts by creation
 * time, and ids this process makes within one millisecond sort in the order they were made (the sequence
 * starts at a random value below 2,048 each millisecond and counts up), so rows ordered by time and then
 * id keep the order they were written in.
 */
export function newId(now: number = Date.now()): string {
  const bytes = secureRandomBytes(16);
  if (now === lastMs && sequence < 0xfff) sequence += 1;
  else sequence = bytes.readUInt16BE(6) & 0x7ff;
  lastMs = now;
  bytes.writeUIntBE(now, 0, 6);
  bytes.writeUInt16BE(0x7000 | sequence, 6);
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
