import { z } from 'zod';
import { conflictOf, named } from '../../plugins/api-docs.js';
import { roundSchema } from '../assessments/records/api.schemas.js';

/** What POST /api/v1/reviews/{id}/framework-version answers, for the OpenAPI document and the API tests. */

const text = (description: string) => z.string().describe(description);

export const reviewPinSchema = named(
  'ReviewPin',
  z
    .strictObject({
      id: text('Review ID'),
      frameworkKey: text('The framework the review uses'),
      frameworkVersion: text('The framework version new rounds of the review use'),
      version: z.number().int().describe('The review’s version; send it back when you move the review'),
    })
    .describe('The framework version a review is pinned to'),
);

const moveMarker = {
  key: text('The marker’s key'),
  number: z.number().int().describe('The marker’s number'),
  title: text('The marker’s title'),
};
const moveQuestion = {
  markerKey: text('Key of the marker the question belongs to'),
  key: text('The question’s key'),
  text: text('The question'),
};
const leftBehindSchema = z
  .strictObject({
    answers: z.number().int().describe('Answers or notes given'),
    judgements: z.number().int().describe('Judgements or rationales given'),
    evidence: z.number().int().describe('Evidence items'),
    comments: z.number().int().describe('Comments'),
  })
  .describe('Work in the latest round that new rounds will not show; nothing is deleted');

export const movePreviewSchema = named(
  'FrameworkMovePreview',
  z
    .strictObject({
      from: text('The version the review uses now'),
      to: text('The version it moves to'),
      latestRound: z
        .strictObject({
          id: text('Round ID'),
          number: z.number().int().describe('Round number'),
          frameworkVersion: text('The version the round was made with'),
        })
        .nullable()
        .describe('The round a new round would copy from, or null when there are none'),
      markers: z.strictObject({
        carried: z.array(z.strictObject({ ...moveMarker, renamedFrom: z.string().nullable().describe('Old title') })),
        added: z.array(z.strictObject(moveMarker)),
        dropped: z.array(z.strictObject({ ...moveMarker, leftBehind: leftBehindSchema })),
      }),
      questions: z.strictObject({
        carried: z.array(
          z.strictObject({
            ...moveQuestion,
            was: z.strictObject(moveQuestion).describe('Where and how it was worded before'),
            reworded: z.boolean().describe('The wording changed'),
            moved: z.boolean().describe('It moved from another marker'),
          }),
        ),
        added: z.array(z.strictObject(moveQuestion)).describe('New questions in markers carried over'),
        dropped: z
          .array(z.strictObject({ ...moveQuestion, answered: z.boolean().describe('Answered in the latest round') }))
          .describe('Questions gone from markers carried over'),
      }),
      leftBehind: leftBehindSchema,
    })
    .describe('What moving a review to a newer framework version carries over, adds and drops'),
);

export const frameworkMoveSchema = named(
  'FrameworkMove',
  z
    .strictObject({
      dryRun: z.boolean().describe('True when nothing was changed'),
      review: reviewPinSchema,
      round: roundSchema.nullable().describe('The round started on the new version, if one was asked for'),
      preview: movePreviewSchema,
    })
    .describe('A review moved (or, on a dry run, that would move) to a newer framework version'),
);

export const frameworkMoveConflictSchema = named('FrameworkMoveConflict', conflictOf(reviewPinSchema, 'review'));
