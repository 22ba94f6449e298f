import { z } from 'zod';
import { MAX_VERSION } from '../../lib/versions.js';

/** Request bodies of the rounds and marker-record API, in the keys the API documents. */

/** The version a write read: a whole number the version column can hold. */
export const versionSchema = z.number().int().positive().max(MAX_VERSION);

export const purposeSchema = z.enum(['planning', 'in-review', 'retrospective']);
export const answerSchema = z.enum(['yes', 'partly', 'no', 'not-yet-known', 'not-applicable']);
export const markerStatusSchema = z.enum(['not-started', 'in-progress', 'ready-for-sign-off', 'completed']);

export const createRoundBody = z.strictObject({ purpose: purposeSchema, copyFrom: z.string().optional() });

export const putMarkerBody = z.strictObject({
  version: versionSchema.optional(),
  judgement: z.string().min(1).nullable().optional(),
  status: markerStatusSchema.optional(),
  rationale: z.string().max(20_000).optional(),
  owner: z.string().nullable().optional().describe('The id of a person on the review team, or null for no owner'),
});

export const putQuestionBody = z.strictObject({
  version: versionSchema.optional(),
  answer: answerSchema.nullable().optional(),
  note: z.string().max(20_000).optional(),
});

export const moveFrameworkBody = z.strictObject({
  version: z.string().min(1).describe('The newer framework version to move the review to'),
  reviewVersion: versionSchema.optional().describe('The version of the review you read; required unless dryRun=true'),
  startRound: z
    .boolean()
    .default(false)
    .describe('Also start a new round on the new version, copying the latest round’s carried-over answers'),
});

/** "Field reference: Too small…" lines a client can act on. */
export function zodProblems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}
