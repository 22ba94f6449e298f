import { z } from 'zod';
import { createRoundBody, moveFrameworkBody, putMarkerBody, putQuestionBody } from '../assessments/api.schemas.js';
import { createReviewBody, patchReviewBody } from '../reviews/api.schemas.js';

/**
 * The shapes the API returns, as Zod schemas. They are the single source for the OpenAPI document and
 * the /api/docs page, and the API tests parse real responses with them, so the documentation cannot
 * drift from what the API sends. Strict objects: a field the API sends but the schema does not name
 * fails those tests.
 */

/** Named schemas become components of the OpenAPI document, referenced by name. */
export const apiSchemas = z.registry<{ id: string }>();

const text = (description: string) => z.string().describe(description);

export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      status: z.number().int().describe('The HTTP status code, repeated'),
      message: text('What went wrong, in words a person can act on'),
    }),
  })
  .describe('Every error response has this shape');

export const optionSchema = z
  .strictObject({
    key: text('Stable key, never changes'),
    label: text('Display label'),
    description: text('Longer explanation').optional(),
  })
  .describe('One choice in a list: an audience or a judgement');

export const frameworkSummarySchema = z
  .strictObject({
    key: text('Stable key of the framework, like "scr-quality-markers"'),
    version: text('Latest version, like "1.0.0"'),
    title: text('Title'),
    summary: text('One-paragraph summary'),
    publisher: text('Who publishes this version'),
    markerCount: z.number().int().describe('Number of markers'),
    stageCount: z.number().int().describe('Number of stages'),
    href: text('API address of the full framework'),
  })
  .describe('A framework in the list');

export const frameworkListSchema = z
  .strictObject({
    frameworks: z.array(frameworkSummarySchema).describe('The latest version of every framework, by title'),
  })
  .describe('The frameworks anyone can use');

export const guidanceSchema = z
  .strictObject({
    'why-it-matters': text('Why it matters').optional(),
    'knowledge-base': text('What research and practice tell us').optional(),
    'equality-and-diversity': text('Equality and diversity').optional(),
    'statutory-and-inspection-links': text('Statutory guidance and inspection').optional(),
    'common-obstacles': text('Common obstacles and how to tackle them').optional(),
  })
  .describe('Guidance sections; any may be absent');

export const questionSchema = z
  .strictObject({
    key: text('Stable key, unique within the marker'),
    text: text('The question'),
    audiences: z.array(z.string()).describe('Keys of the audiences the question is for'),
  })
  .describe('A question to consider for a marker');

export const markerSchema = z
  .strictObject({
    key: text('Stable key, unique within the framework'),
    number: z.number().int().describe('Marker number, 1, 2, 3… in order across stages'),
    title: text('Title'),
    statement: text('What good looks like'),
    rationale: text('Why the marker matters'),
    questions: z.array(questionSchema).describe('Questions to consider'),
    guidance: guidanceSchema,
  })
  .describe('One quality marker');

export const stageSchema = z
  .strictObject({
    key: text('Stable key'),
    title: text('Title'),
    markers: z.array(markerSchema).describe('Markers in this stage, in order'),
  })
  .describe('A stage of a review');

export const frameworkSchema = z
  .strictObject({
    key: text('Stable key of the framework'),
    version: text('Version, like "1.0.0"'),
    title: text('Title'),
    summary: text('One-paragraph summary'),
    publisher: text('Who publishes this version'),
    published: text('Date published, like "2026-11-25"'),
    source: z
      .strictObject({
        name: text('Name of the source'),
        url: z.string().describe('Address of the source').optional(),
        note: text('Note about the source').optional(),
      })
      .describe('Where the marker names and structure come from'),
    licence: text('Licence of the text'),
    audiences: z.array(optionSchema).describe('Who the questions are for'),
    scale: z.array(optionSchema).describe('The judgement scale, in order'),
    stages: z.array(stageSchema).describe('Stages of a review, in order'),
  })
  .describe('One version of a framework, in full');

export const meSchema = z
  .strictObject({
    user: z
      .strictObject({ id: text('Person ID'), email: text('Email address'), name: text('Full name') })
      .describe('The person the token or session belongs to'),
    partnership: z
      .strictObject({ slug: text('Short name used in addresses'), name: text('Name of the partnership') })
      .describe('The partnership the token works in'),
    role: z.enum(['admin', 'member', 'viewer']).describe('The person’s role in the partnership'),
    scopes: z.array(z.enum(['read', 'write'])).describe('What the credential may do: read, write or both'),
  })
  .describe('Who is calling');

export const frameworkVersionsSchema = z
  .strictObject({
    key: text('Stable key of the framework'),
    latest: text('The latest version'),
    versions: z
      .array(
        z.strictObject({
          key: text('Stable key of the framework'),
          version: text('Version, like "1.0.0"'),
          title: text('Title of this version'),
          published: text('Date published, like "2026-11-25"'),
          markerCount: z.number().int().describe('Number of markers'),
          stageCount: z.number().int().describe('Number of stages'),
          href: text('API address of this version in full'),
        }),
      )
      .describe('Every version, newest first'),
  })
  .describe('The versions of one framework');

const isoDateOrNull = (description: string) => z.string().nullable().describe(`${description} (YYYY-MM-DD), or null`);

export const reviewSchema = z
  .strictObject({
    id: text('Review ID'),
    reference: text('The partnership’s reference'),
    title: text('Short title'),
    subjectPseudonym: text('A pseudonym such as "Child A": never a real name'),
    type: z
      .enum(['rapid-review', 'local-cspr', 'national-cspr', 'scr', 'sar', 'dhr', 'other'])
      .describe('Kind of review'),
    method: text('Review method: systems, silp, traditional or other'),
    methodOther: z.string().nullable().describe('The method, when it is "other"'),
    status: z.enum(['set-up', 'running', 'outputs', 'complete', 'archived']).describe('Where the review is'),
    frameworkKey: text('The framework the review uses'),
    frameworkVersion: text('The framework version, pinned when the review started'),
    dates: z
      .strictObject({
        awareness: isoDateOrNull('Partnership became aware'),
        incident: isoDateOrNull('Serious incident'),
        notification: isoDateOrNull('Notified'),
        rapidReview: isoDateOrNull('Rapid review'),
        decision: isoDateOrNull('Decision to review'),
        reviewerAppointed: isoDateOrNull('Reviewer appointed'),
        draftReport: isoDateOrNull('Draft report'),
        finalReport: isoDateOrNull('Final report'),
        publication: isoDateOrNull('Published'),
      })
      .describe('Key dates'),
    timescales: z
      .array(
        z.strictObject({
          key: z
            .enum(['notification', 'rapid-review', 'publication'])
            .describe(
              'notification: within 5 working days of awareness; rapid-review: within 15 working days of notification; publication: expected within 6 months of the decision',
            ),
          status: z
            .enum(['not-applicable', 'on-track', 'due-soon', 'overdue', 'met', 'missed'])
            .describe('Where it stands today (not-applicable until the date it counts from is known)'),
          start: isoDateOrNull('The date it counts from'),
          due: isoDateOrNull('When it is due, in England and Wales working days where the rule says so'),
          done: isoDateOrNull('When it was done'),
        }),
      )
      .describe('The statutory and expected timescales, worked out from the key dates'),
    version: z.number().int().describe('Changes with every save; send it back when you change the review'),
    createdAt: text('When the review was started (ISO 8601, UTC)'),
    updatedAt: text('When the review last changed (ISO 8601, UTC)'),
  })
  .describe('A case review');

export const reviewListSchema = z
  .strictObject({ reviews: z.array(reviewSchema).describe('The partnership’s reviews') })
  .describe('The reviews the token’s partnership has');

const conflictOf = (current: z.ZodType, what: string) =>
  z
    .strictObject({
      error: errorSchema.shape.error,
      current: current.describe(`The ${what} as it is now`),
    })
    .describe(`Someone else changed the ${what} first: nothing was saved`);

export const reviewConflictSchema = conflictOf(reviewSchema, 'review');

export const roundSchema = z
  .strictObject({
    id: text('Round ID'),
    number: z.number().int().describe('1 for the first round of the review, then 2, 3…'),
    purpose: z.enum(['planning', 'in-review', 'retrospective']).describe('What the round is for'),
    status: z.enum(['open', 'awaiting-sign-off', 'approved']).describe('Where the round is'),
    scale: z.array(optionSchema).describe('The judgement scale, copied from the framework when the round began'),
    frameworkVersion: text('The framework version the round was made with; it never changes'),
  })
  .describe('An assessment round of a review');

export const reviewPinSchema = z
  .strictObject({
    id: text('Review ID'),
    frameworkKey: text('The framework the review uses'),
    frameworkVersion: text('The framework version new rounds of the review use'),
    version: z.number().int().describe('The review’s version; send it back when you move the review'),
  })
  .describe('The framework version a review is pinned to');

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

export const movePreviewSchema = z
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
  .describe('What moving a review to a newer framework version carries over, adds and drops');

export const frameworkMoveSchema = z
  .strictObject({
    dryRun: z.boolean().describe('True when nothing was changed'),
    review: reviewPinSchema,
    round: roundSchema.nullable().describe('The round started on the new version, if one was asked for'),
    preview: movePreviewSchema,
  })
  .describe('A review moved (or, on a dry run, that would move) to a newer framework version');

export const questionResponseSchema = z
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
  .describe('The answer to one question of a marker, in one round');

export const markerRecordSchema = z
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
  .describe('The quality record of one marker, in one round');

export const frameworkMoveConflictSchema = conflictOf(reviewPinSchema, 'review');
export const markerConflictSchema = conflictOf(markerRecordSchema, 'marker record');
export const questionConflictSchema = conflictOf(questionResponseSchema, 'answer');

export const frameworkJsonSchemaSchema = z
  .looseObject({})
  .describe('JSON Schema (2020-12) for framework files, for authors and their editors');

export const openApiDocumentSchema = z.looseObject({}).describe('An OpenAPI 3.1 document');

apiSchemas.add(errorSchema, { id: 'Error' });
apiSchemas.add(optionSchema, { id: 'Option' });
apiSchemas.add(frameworkSummarySchema, { id: 'FrameworkSummary' });
apiSchemas.add(frameworkListSchema, { id: 'FrameworkList' });
apiSchemas.add(guidanceSchema, { id: 'Guidance' });
apiSchemas.add(questionSchema, { id: 'Question' });
apiSchemas.add(markerSchema, { id: 'Marker' });
apiSchemas.add(stageSchema, { id: 'Stage' });
apiSchemas.add(frameworkSchema, { id: 'Framework' });
apiSchemas.add(meSchema, { id: 'Me' });
apiSchemas.add(openApiDocumentSchema, { id: 'OpenApiDocument' });
apiSchemas.add(frameworkVersionsSchema, { id: 'FrameworkVersions' });
apiSchemas.add(frameworkJsonSchemaSchema, { id: 'FrameworkJsonSchema' });
apiSchemas.add(reviewSchema, { id: 'Review' });
apiSchemas.add(reviewListSchema, { id: 'ReviewList' });
apiSchemas.add(reviewConflictSchema, { id: 'ReviewConflict' });
apiSchemas.add(roundSchema, { id: 'Round' });
apiSchemas.add(reviewPinSchema, { id: 'ReviewPin' });
apiSchemas.add(movePreviewSchema, { id: 'FrameworkMovePreview' });
apiSchemas.add(frameworkMoveSchema, { id: 'FrameworkMove' });
apiSchemas.add(frameworkMoveConflictSchema, { id: 'FrameworkMoveConflict' });
apiSchemas.add(markerRecordSchema, { id: 'MarkerRecord' });
apiSchemas.add(markerConflictSchema, { id: 'MarkerConflict' });
apiSchemas.add(questionResponseSchema, { id: 'QuestionResponse' });
apiSchemas.add(questionConflictSchema, { id: 'QuestionConflict' });

/*
 * Request bodies: the features' own Zod schemas, the ones their routes parse with, so the document
 * always says what the API accepts. Shown as input (a field with a default is optional).
 */
export const requestSchemas = z.registry<{ id: string }>();
requestSchemas.add(createReviewBody.describe('A new review'), { id: 'CreateReview' });
requestSchemas.add(patchReviewBody.describe('Changes to a review: only the fields to change, and the version read'), {
  id: 'PatchReview',
});
requestSchemas.add(createRoundBody.describe('A new assessment round'), { id: 'CreateRound' });
requestSchemas.add(moveFrameworkBody.describe('The version to move to, and the review version read'), {
  id: 'MoveFramework',
});
requestSchemas.add(putMarkerBody.describe('Changes to a marker record, and the version read'), { id: 'PutMarker' });
requestSchemas.add(putQuestionBody.describe('Changes to an answer, and the version read'), { id: 'PutQuestion' });

export type Me = z.infer<typeof meSchema>;
