import { z } from 'zod';
import { MAX_VERSION } from '../../../lib/versions.js';
import { conflictOf, named } from '../../../plugins/api-docs.js';
import { optionSchema } from '../../frameworks/api.schemas.js';
import { MAX_TEXT } from './marker-records.rules.js';

/**
 * The rounds, marker-record and framework-move API's request bodies (the schemas its routes parse with)
 * and the shapes it answers in. Named ones are components of the OpenAPI document; the API tests parse
 * real responses with the answer shapes, which are strict: a field the API sends but the schema does not
 * name fails those tests.
 */

/** The version a write read: a whole number the version column can hold. */
export const versionSchema = z.number().int().positive().max(MAX_VERSION);

export const purposeSchema = z.enum(['planning', 'in-review', 'retrospective']);
export const answerSchema = z.enum(['yes', 'partly', 'no', 'not-yet-known', 'not-applicable']);
export const markerStatusSchema = z.enum(['not-started', 'in-progress', 'ready-for-sign-off', 'completed']);

export const createRoundBody = named(
  'CreateRound',
  z
    .strictObject({
      purpose: purposeSchema,
      copyFrom: z.string().optional(),
      markers: z
        .array(z.string().min(1))
        .min(1)
        .optional()
        .describe(
          'The keys of the markers the round covers. Without it, the usual ones for its purpose: for planning, every stage but the last (setting up and running the review); otherwise every marker',
        ),
    })
    .describe('A new assessment round'),
);

export const putMarkerBody = named(
  'PutMarker',
  z
    .strictObject({
      version: versionSchema.optional(),
      judgement: z.string().min(1).nullable().optional(),
      status: markerStatusSchema.optional(),
      rationale: z.string().max(MAX_TEXT).optional(),
      owner: z.string().nullable().optional().describe('The id of a person on the review team, or null for no owner'),
    })
    .describe('Changes to a marker record, and the version read'),
);

export const putQuestionBody = named(
  'PutQuestion',
  z
    .strictObject({
      version: versionSchema.optional(),
      answer: answerSchema.nullable().optional(),
      note: z.string().max(MAX_TEXT).optional(),
    })
    .describe('Changes to an answer, and the version read'),
);

export const moveFrameworkBody = named(
  'MoveFramework',
  z
    .strictObject({
      version: z.string().min(1).describe('The newer framework version to move the review to'),
      reviewVersion: versionSchema
        .optional()
        .describe('The version of the review you read; required unless dryRun=true'),
      startRound: z
        .boolean()
        .default(false)
        .describe('Also start a new round on the new version, copying the latest round’s carried-over answers'),
    })
    .describe('The version to move to, and the review version read'),
);

const text = (description: string) => z.string().describe(description);

export const roundSchema = named(
  'Round',
  z
    .strictObject({
      id: text('Round ID'),
      number: z.number().int().describe('1 for the first round of the review, then 2, 3…'),
      purpose: z.enum(['planning', 'in-review', 'retrospective']).describe('What the round is for'),
      status: z.enum(['open', 'awaiting-sign-off', 'approved']).describe('Where the round is'),
      scale: z.array(optionSchema).describe('The judgement scale, copied from the framework when the round began'),
      frameworkVersion: text('The framework version the round was made with; it never changes'),
      markers: z
        .array(z.string())
        .describe(
          'The keys of the markers the round covers, in the framework’s order; the others are not in this round',
        ),
    })
    .describe('An assessment round of a review'),
);

export const questionResponseSchema = named(
  'QuestionResponse',
  z
    .strictObject({
      key: text('The question’s key'),
      answer: z
        .enum(['yes', 'partly', 'no', 'not-yet-known', 'not-applicable'])
        .nullable()
        .describe('The answer, or null when not answered'),
      note: text('Note'),
      version: z.number().int().describe('Changes with every save; send it back when you change the answer'),
      updatedAt: text('When the answer last changed (ISO 8601, UTC)'),
    })
    .describe('The answer to one question of a marker, in one round'),
);

export const markerRecordSchema = named(
  'MarkerRecord',
  z
    .strictObject({
      markerKey: text('The marker’s key'),
      judgement: z
        .string()
        .nullable()
        .describe(
          'Key of the judgement on the round’s scale, or null until someone judges a marker whose scale has no "not-yet-assessed"',
        ),
      status: z.enum(['not-started', 'in-progress', 'ready-for-sign-off', 'completed']).describe('Workflow status'),
      rationale: text('Why the judgement was made'),
      owner: z.string().nullable().describe('ID of the person who owns the marker, or null'),
      version: z.number().int().describe('Changes with every save; send it back when you change the record'),
      updatedAt: text('When the record last changed (ISO 8601, UTC)'),
      questions: z.array(questionResponseSchema).describe('Answers, in the framework’s order'),
    })
    .describe('The quality record of one marker, in one round'),
);

export const markerConflictSchema = named('MarkerConflict', conflictOf(markerRecordSchema, 'marker record'));
export const questionConflictSchema = named('QuestionConflict', conflictOf(questionResponseSchema, 'answer'));

/** "Field reference: Too small…" lines a client can act on. */
export function zodProblems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}
