import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, EvidenceTable } from '../../db/schema.js';
import { HttpError, NotFoundError } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireContribute } from '../reviews/reviews.service.js';
import { getRound, roundRecord } from '../assessments/records/assessments.service.js';
import { type MarkerRecordView } from '../assessments/records/marker-records.service.js';
import * as repo from './evidence.repository.js';
import {
  displayableFileName,
  EVIDENCE_FILE_LIMIT_BYTES,
  EVIDENCE_FILE_LIMIT_TEXT,
  EVIDENCE_KINDS_TEXT,
  FILE_TYPES,
  safeFileName,
  sniffFileType,
} from '../../lib/untrusted/file-type.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

export interface MarkerIds {
  reviewId: string;
  roundId: string;
  markerKey: string;
}

/** One piece of evidence as a page lists it: never its content. */
export interface EvidenceItem {
  id: string;
  kind: EvidenceTable['kind'];
  title: string;
  url: string | null;
  note: string | null;
  fileName: string | null;
  typeLabel: string | null;
  sizeBytes: number | null;
  /** "340 KB", "4.2 MB" */
  sizeText: string | null;
  sha256: string | null;
  createdAt: string;
  createdBy: string | null;
}

export type NewEvidence =
  | { kind: 'link'; title: string; url: string }
  | { kind: 'note'; title: string; note: string }
  | { kind: 'file'; title: string; fileName: string; data: Buffer };

/** The marker in its round, after checking the person may see the review (404 otherwise). */
async function markerOf(db: Db, actor: PartnershipActor, ids: MarkerIds) {
  const { review, round } = await getRound(db, actor, ids.reviewId, ids.roundId, false);
  const record = await roundRecord(db, actor, ids.roundId, ids.markerKey);
  if (!record) throw new NotFoundError();
  return { review, round, record };
}

/** Refuses people who cannot change the review (403), and a signed-off round (409). */
export async function writableMarker(db: Db, actor: PartnershipActor, ids: MarkerIds) {
  const found = await markerOf(db, actor, ids);
  requireContribute(found.review);
  if (found.round.locked) throw new HttpError(409, 'This round has been signed off and is locked');
  return found;
}

/**
 * The evidence on a marker, oldest first. Takes the view getMarkerRecord() returned, which has already
 * checked that the person may see the review; the query is still limited to their partnership.
 */
export async function listEvidence(
  db: Db,
  actor: PartnershipActor,
  view: Pick<MarkerRecordView, 'round' | 'record'>,
): Promise<EvidenceItem[]> {
  const rows = await repo.listEvidence(db, actor.organisationId, {
    roundId: view.round.id,
    markerKey: view.record.marker_key,
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    url: r.url,
    note: r.note,
    fileName: r.file_name === null ? null : displayableFileName(r.file_name),
    typeLabel: Object.values(FILE_TYPES).find((t) => t.mime === r.content_type)?.label ?? null,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    sizeText: r.size_bytes === null ? null : sizeText(Number(r.size_bytes)),
    sha256: r.sha256,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
  }));
}

export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}

/** Adds a link, a note or a file. A file's type is checked again here, by its content. */
export async function addEvidence(
  db: Db,
  actor: PartnershipActor,
  ids: MarkerIds,
  input: NewEvidence,
  now = new Date(),
): Promise<{ id: string }> {
  const { record } = await writableMarker(db, actor, ids);
  const at = now.toISOString();
  const row: Omit<EvidenceTable, 'organisation_id'> = {
    id: newId(now.getTime()),
    round_id: ids.roundId,
    marker_key: record.marker_key,
    kind: input.kind,
    title: input.title,
    url: input.kind === 'link' ? input.url : null,
    note: input.kind === 'note' ? input.note : null,
    file_name: null,
    content_type: null,
    size_bytes: null,
    sha256: null,
    content: null,
    created_at: at,
    created_by: actor.userId,
    deleted_at: null,
  };
  if (input.kind === 'link' && !/^https:\/\//i.test(input.url)) throw new HttpError(400, 'Links must start https://');
  if (input.kind === 'file') {
    const type = sniffFileType(input.data);
    if (!type) throw new HttpError(400, `The selected file must be ${EVIDENCE_KINDS_TEXT}`);
    if (input.data.length > EVIDENCE_FILE_LIMIT_BYTES)
      throw new HttpError(413, `The selected file must be smaller than ${EVIDENCE_FILE_LIMIT_TEXT}`);
    row.file_name = safeFileName(input.fileName, type);
    row.title = input.title || row.file_name;
    row.content_type = FILE_TYPES[type].mime;
    row.size_bytes = input.data.length;
    row.sha256 = createHash('sha256').update(input.data).digest('hex');
    row.content = input.data;
  }
  await db.transaction().execute(async (trx) => {
    await repo.insertEvidence(trx, actor.organisationId, row);
    await recordAudit(
      trx,
      actor,
      {
        action: 'evidence.added',
        objectType: 'evidence',
        objectId: row.id,
        detail: { kind: row.kind, markerKey: row.marker_key, contentType: row.content_type, size: row.size_bytes },
      },
      now,
    );
  });
  return { id: row.id };
}

/** A file to download, for anyone who can see the review. Recorded in the audit log. */
export async function getEvidenceFile(
  db: Db,
  actor: PartnershipActor,
  ids: MarkerIds,
  evidenceId: string,
  now = new Date(),
) {
  await markerOf(db, actor, ids);
  const row = await repo.findEvidenceFile(db, actor.organisationId, ids, evidenceId);
  if (!row || !row.content || !row.content_type) throw new NotFoundError();
  await recordAudit(db, actor, { action: 'evidence.downloaded', objectType: 'evidence', objectId: row.id }, now);
  return {
    fileName: row.file_name ?? 'evidence',
    contentType: row.content_type,
    sha256: row.sha256,
    content: Buffer.from(row.content),
  };
}

/** Removes evidence from the marker: kept in the database with the time it was deleted. */
export async function deleteEvidence(
  db: Db,
  actor: PartnershipActor,
  ids: MarkerIds,
  evidenceId: string,
  now = new Date(),
): Promise<void> {
  await writableMarker(db, actor, ids);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.markEvidenceDeleted(trx, actor.organisationId, ids, evidenceId, now.toISOString()))) {
      throw new NotFoundError();
    }
    await recordAudit(trx, actor, { action: 'evidence.deleted', objectType: 'evidence', objectId: evidenceId }, now);
  });
}
