import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Db } from '../../src/db/create-db.js';

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A real 1×1 PNG (a browser shows it): signature, IHDR, IDAT, IEND, each chunk with its CRC. */
export function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.writeUInt8(8, 8);
  ihdr.writeUInt8(6, 9);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0, 0, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Gives the partnership a logo straight in the database (a small PNG unless another is given), replacing
 * the one it had, as the logo page would store it.
 */
export async function setLogo(
  db: Db,
  organisationId: string,
  logo: { content: Buffer; contentType: 'image/png' | 'image/svg+xml' } = {
    content: tinyPng(),
    contentType: 'image/png',
  },
) {
  const row = {
    content_type: logo.contentType,
    content: logo.content,
    sha256: createHash('sha256').update(logo.content).digest('hex'),
    updated_at: new Date().toISOString(),
    updated_by: null,
  };
  await db
    .insertInto('organisation_logo')
    .values({ organisation_id: organisationId, ...row })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(row))
    .execute();
}
