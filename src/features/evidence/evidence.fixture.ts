// What the evidence tests (evidence.test.ts, evidence-file-types.test.ts) share: tiny files of each real
// format, a browser-like multipart upload, and a review with a round and its team.
import JSZip from 'jszip';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../test/helpers/client.js';
import { addToTeam } from '../../../test/helpers/reviews.js';

// Tiny files of each real format, made in memory.
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24)]);
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
export const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
export const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([26, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(14),
]);
export const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(56)]);
export const TEXT = Buffer.from('Just some text pretending to be a document\n');

export async function zipOf(files: Record<string, string>) {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** Posts the evidence file form, as a browser does. */
export const upload = (
  client: Client,
  url: string,
  fields: Record<string, string>,
  file?: { name: string; type: string; data: Buffer },
) => client.postMultipart(url, fields, file ? { file } : {});

export interface EvidenceWorld {
  t: TestApp;
  manager: Client;
  panel: Client;
  observer: Client;
  outsider: Client;
  foreign: Client;
  reviewUrl: string;
  roundUrl: string;
  markerUrl: string;
}

/** A partnership's review with a round, its manager, a panel member and an observer, someone not on the
 * team and another partnership's admin, all signed in. The caller closes `t`. */
export async function evidenceWorld(): Promise<EvidenceWorld> {
  const t = await buildTestApp();
  const db = t.testDb.db;
  const org = await insertOrganisation(db, 'Anytown Partnership');
  const other = await insertOrganisation(db, 'Otherton Partnership');
  const m = await insertPerson(db, org.id, 'member');
  const p = await insertPerson(db, org.id, 'member');
  const o = await insertPerson(db, org.id, 'member');
  const manager = await signedInClient(t.app, db, m, org.id);
  const panel = await signedInClient(t.app, db, p, org.id);
  const observer = await signedInClient(t.app, db, o, org.id);
  const outsider = await signedInClient(t.app, db, await insertPerson(db, org.id, 'member'), org.id);
  const foreign = await signedInClient(
    t.app,
    db,
    await insertPerson(db, other.id, 'admin', { twoFactor: true }),
    other.id,
  );
  const created = await manager.post('/reviews/new', {
    reference: 'LCSPR 7',
    title: 'Review',
    subjectPseudonym: 'Child A',
    type: 'local-cspr',
    method: 'systems',
  });
  const reviewUrl = created.headers.location as string;
  const reviewId = reviewUrl.split('/').pop()!;
  await addToTeam(db, org.id, reviewId, [
    [p, 'panel-member'],
    [o, 'observer'],
  ] as const);
  const roundUrl = (await manager.post(`${reviewUrl}/rounds/new`, { purpose: 'in-review' })).headers.location as string;
  const markerUrl = `${roundUrl}/markers/referral`;
  return { t, manager, panel, observer, outsider, foreign, reviewUrl, roundUrl, markerUrl };
}
