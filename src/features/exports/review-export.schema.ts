import { z } from 'zod';
import { createReviewBody } from '../reviews/api.schemas.js';
import { count, date, id, key, LONG, person, positive, str, timestamp } from './review-export.fields.js';
import { actionPart, findingPart, writtenResponsePart } from './review-export.outcomes.schema.js';
import { originPart, publicationPart, statusChangePart } from './review-export.statutory.schema.js';

/**
 * A whole review as one JSON document: what `?format=json` sends and `POST /api/v1/reviews/import`
 * takes back. The Zod schema is the single source of the TypeScript type, the published JSON Schema
 * and the import's validation. People are named, never given by account id; records carry the id
 * they had where they were exported, so history, findings and actions can refer to them.
 */

export const EXPORT_FORMAT = 'quality-markers/review-export';
/**
 * 2: the key dates and clocks of issue 18 (per review type), and extensions and pauses. 3: the statutory
 * path (origin, status history, publication). 1 and 2 still import.
 */
export const EXPORT_FORMAT_VERSION = 3;

const KEY_DATE_NAMES = [
  'incident',
  'awareness',
  'notification',
  'rapidReview',
  'decision',
  'reviewerAppointed',
  'draftReport',
  'finalReport',
  'publication',
] as const;
/** Key dates added in format version 2: optional, so a version 1 document still imports. */
const NEW_KEY_DATE_NAMES = ['referral', 'panelResponse', 'panelTold', 'reportSent'] as const;
export type KeyDateName = (typeof KEY_DATE_NAMES)[number] | (typeof NEW_KEY_DATE_NAMES)[number];

export const clockChangePart = z.strictObject({
  id,
  clock: str(40).describe('The clock’s key, as in timescales'),
  kind: z.enum(['extension', 'pause']),
  newDueDate: date.describe('Extension: the new due date'),
  agreedBy: str(100).nullable().describe('Extension: who agreed it, as a body or role'),
  agreedOn: date.describe('Extension: when it was agreed'),
  pausedFrom: date.describe('Pause: from'),
  pausedTo: date.describe('Pause: to; null while it goes on'),
  reason: str(1000),
  createdAt: timestamp,
  createdBy: person,
});

export const reviewPart = z.strictObject({
  id,
  reference: z.string().trim().min(1).max(40),
  title: z.string().trim().min(1).max(200),
  subjectPseudonym: createReviewBody.shape.subjectPseudonym.describe(
    'A pseudonym such as "Child A": never a real name',
  ),
  type: z.enum(['rapid-review', 'local-cspr', 'national-cspr', 'scr', 'sar', 'dhr', 'other']),
  method: str(40),
  methodOther: str(200).nullable(),
  status: z.enum(['set-up', 'running', 'outputs', 'complete', 'archived']),
  keyDates: z.strictObject(
    Object.fromEntries([
      ...KEY_DATE_NAMES.map((n) => [n, date]),
      ...NEW_KEY_DATE_NAMES.map((n) => [n, date.optional()]),
    ]) as Record<(typeof KEY_DATE_NAMES)[number], typeof date> &
      Record<(typeof NEW_KEY_DATE_NAMES)[number], z.ZodOptional<typeof date>>,
  ),
  timescales: z
    .array(
      z.strictObject({
        key: str(40),
        title: str(200),
        rule: str(400),
        start: date,
        due: date,
        done: date,
        status: str(40),
        detail: str(400),
        originalDue: date.optional().describe('The due date before any extension or pause'),
        changes: z.array(str(400)).max(50).optional().describe('Its extensions and pauses, in words'),
      }),
    )
    .max(20)
    .describe('Worked out from the key dates on the day of export; ignored on import'),
  reviewerNamedToPanel: str(200)
    .nullable()
    .optional()
    .describe('Children: the reviewer the national Panel was told of, a professional (format version 3)'),
  clockChanges: z
    .array(clockChangePart)
    .max(500)
    .optional()
    .describe('Extensions agreed and pauses recorded against the clocks (format version 2)'),
  version: positive,
  createdAt: timestamp,
  createdBy: person,
  updatedAt: timestamp,
  updatedBy: person,
});

const option = z.strictObject({ key, label: str(5000), description: str(5000).optional() });

export const frameworkPart = z.strictObject({
  key,
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  title: str(5000),
  stages: z
    .array(
      z.strictObject({
        key,
        title: str(5000),
        markers: z
          .array(
            z.strictObject({
              key,
              number: positive,
              title: str(5000),
              statement: str(5000),
              questions: z.array(z.strictObject({ key, text: str(5000) })).max(50),
            }),
          )
          .max(100),
      }),
    )
    .max(100),
});

const answer = z.enum(['yes', 'partly', 'no', 'not-yet-known', 'not-applicable']);

const evidencePart = z.strictObject({
  id,
  kind: z.enum(['link', 'note', 'file']),
  title: str(500),
  url: str(2000).nullable(),
  note: str(LONG).nullable(),
  fileName: str(300).nullable(),
  contentType: str(200).nullable(),
  sizeBytes: count.nullable(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  content: z.base64().optional().describe('The file, base64-encoded: only with ?files=include'),
  createdAt: timestamp,
  createdBy: person,
});

const commentPart = z.strictObject({
  id,
  body: str(LONG),
  author: person,
  createdAt: timestamp,
  editedAt: timestamp.nullable(),
  resolvedAt: timestamp.nullable(),
  resolvedBy: person,
  version: positive,
  addressedTo: person.optional().describe('Who on the team the comment asks, if anyone (from schema 2026-12-07)'),
});

export const markerPart = z.strictObject({
  id,
  markerKey: key,
  judgement: z.union([key, z.literal('')]).describe('A key of the round’s scale, or "" while not yet judged'),
  status: z.enum(['not-started', 'in-progress', 'ready-for-sign-off', 'completed']),
  rationale: str(LONG),
  owner: person,
  version: positive,
  updatedAt: timestamp,
  updatedBy: person,
  answers: z
    .array(
      z.strictObject({
        id,
        questionKey: key,
        answer: answer.nullable(),
        note: str(LONG),
        version: positive,
        updatedAt: timestamp,
        updatedBy: person,
      }),
    )
    .max(50),
  evidence: z.array(evidencePart).max(1000),
  comments: z.array(commentPart).max(5000),
});

export const roundPart = z.strictObject({
  id,
  number: positive,
  purpose: z.enum(['planning', 'in-review', 'retrospective']),
  status: z.enum(['open', 'awaiting-sign-off', 'approved']),
  frameworkVersion: z
    .string()
    .min(1)
    .max(40)
    .describe('The framework version the round was made with (older than the review’s after a move)'),
  scale: z.array(option).min(2).max(20),
  copiedFrom: id.nullable().describe('The id of the round it was copied from'),
  signOff: z.strictObject({
    sentAt: timestamp.nullable(),
    sentBy: person,
    decidedAt: timestamp.nullable(),
    decidedBy: person,
    decisionComment: str(LONG).nullable(),
  }),
  meetingOn: date.optional().describe('The date the round’s panel next meets, if set'),
  version: positive,
  createdAt: timestamp,
  createdBy: person,
  markers: z.array(markerPart).max(100),
});

export const HISTORY_RECORD_TYPES = [
  'review',
  'review_scope',
  'assessment_round',
  'marker_record',
  'question_response',
  'comment',
  'finding',
  'action',
  'written_response',
] as const;

export const historyPart = z.strictObject({
  recordType: z.enum(HISTORY_RECORD_TYPES),
  recordId: id.describe('The id (in this document) of the record this is an earlier version of'),
  version: positive,
  changedAt: timestamp,
  changedBy: person,
  data: z.record(z.string().max(100), z.unknown()).describe('The record as it was, without ids; people by name'),
});

export const reviewExportSchema = z
  .strictObject({
    format: z.literal(EXPORT_FORMAT),
    formatVersion: z.union([z.literal(1), z.literal(2), z.literal(EXPORT_FORMAT_VERSION)]),
    exportedAt: timestamp,
    partnership: z.strictObject({ name: str(300) }),
    review: reviewPart,
    team: z
      .array(
        z.strictObject({
          name: str(200),
          email: z.string().max(320).nullable(),
          role: z.enum(['chair', 'business-manager', 'lead-reviewer', 'panel-member', 'observer']),
        }),
      )
      .max(500),
    scope: z
      .array(
        z.strictObject({
          id,
          section: key,
          title: str(300),
          text: str(20_000),
          version: positive,
          updatedAt: timestamp,
          updatedBy: person,
        }),
      )
      .max(50),
    framework: frameworkPart,
    rounds: z.array(roundPart).max(50),
    findings: z.array(findingPart).max(2000),
    actions: z.array(actionPart).max(5000),
    writtenResponse: writtenResponsePart.nullable(),
    history: z.array(historyPart).max(200_000),
    origin: originPart.nullable().optional().describe('Format version 3: null when not started from a referral'),
    statusHistory: z
      .array(statusChangePart)
      .max(1000)
      .optional()
      .describe('Format version 3: each move of the review’s status, oldest first'),
    publication: publicationPart.nullable().optional().describe('Format version 3: null when nothing is recorded'),
  })
  .describe('A whole review: what the JSON export sends and the import takes');

export type ReviewExport = z.infer<typeof reviewExportSchema>;
export type ExportRound = z.infer<typeof roundPart>;
export type ExportMarker = z.infer<typeof markerPart>;
export type ExportHistory = z.infer<typeof historyPart>;

/** The published JSON Schema (2020-12) of the document. */
export function reviewExportJsonSchema(publicUrl: string): Record<string, unknown> {
  return {
    ...z.toJSONSchema(reviewExportSchema, { io: 'input' }),
    $id: `${publicUrl.replace(/\/$/, '')}/api/v1/reviews/export.schema.json`,
    title: 'Quality Markers review export',
  };
}
