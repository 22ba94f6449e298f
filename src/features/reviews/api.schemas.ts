import { z } from 'zod';
import { publicationSchema } from '../publication/api.schemas.js';
import { MAX_VERSION } from '../../lib/versions.js';
import { conflictOf, named } from '../../plugins/api-docs.js';
import { clockChangeSchema } from './clocks/clocks.schemas.js';

/**
 * The reviews API's request bodies (the schemas its routes parse with) and the shapes it answers in.
 * Named ones are components of the OpenAPI document; the API tests parse real responses with the answer
 * shapes, which are strict: a field the API sends but the schema does not name fails those tests.
 */

export const reviewTypeSchema = z.enum(['rapid-review', 'local-cspr', 'national-cspr', 'scr', 'sar', 'dhr', 'other']);
const pseudonym = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(
    /^(child|adult|baby|young person|sibling|person|mr|ms|mrs)\s+[a-z0-9]{1,3}$|^[a-z]{1,2}[0-9]*$/i,
    'must be a pseudonym like "Child A", not a name',
  );

export const createReviewBody = named(
  'CreateReview',
  z
    .strictObject({
      reference: z.string().trim().min(1).max(40),
      title: z.string().trim().min(1).max(200),
      subjectPseudonym: pseudonym,
      type: reviewTypeSchema,
      method: z.enum(['systems', 'silp', 'traditional', 'other']).default('systems'),
      methodOther: z.string().trim().max(200).optional(),
      frameworkKey: z.string().min(1).describe('A built-in framework or one the partnership imported'),
      frameworkVersion: z.string().optional().describe('A version of that framework; the latest when left out'),
    })
    .describe('A new review'),
);

const isoDate = z.iso.date().nullable();

export const patchReviewBody = named(
  'PatchReview',
  z
    .strictObject({
      version: z.number().int().positive().max(MAX_VERSION),
      reference: z.string().trim().min(1).max(40).optional(),
      title: z.string().trim().min(1).max(200).optional(),
      subjectPseudonym: pseudonym.optional(),
      type: reviewTypeSchema.optional(),
      status: z
        .enum(['set-up', 'running', 'outputs', 'complete', 'archived'])
        .optional()
        .describe(
          'Moves the review one step on or back, by the rules the review page uses: on to running needs the terms of reference written and termsAgreedOn; on to complete needs the report published (or a decision not to publish it) and the written response agreed; a move back needs statusReason. Send it without other changes.',
        ),
      statusReason: z.string().trim().max(1000).optional().describe('Why: needed to move back, or to override'),
      statusOverride: z
        .boolean()
        .optional()
        .describe('Move although a rule is not met (partnership admins only; needs statusReason)'),
      termsAgreedOn: z.iso.date().optional().describe('When the terms of reference were agreed (YYYY-MM-DD)'),
      awarenessDate: isoDate.optional(),
      incidentDate: isoDate.optional(),
      notificationDate: isoDate.optional(),
      rapidReviewDate: isoDate.optional(),
      decisionDate: isoDate.optional(),
      reviewerAppointedDate: isoDate.optional(),
      draftReportDate: isoDate.optional(),
      finalReportDate: isoDate.optional(),
      publicationDate: isoDate.optional(),
      referralDate: isoDate.optional(),
      panelResponseDate: isoDate.optional(),
      panelToldDate: isoDate.optional(),
      reportSentDate: isoDate.optional(),
    })
    .describe('Changes to a review: only the fields to change, and the version read'),
);

const text = (description: string) => z.string().describe(description);
const isoDateOrNull = (description: string) => z.string().nullable().describe(`${description} (YYYY-MM-DD), or null`);

export const reviewSchema = named(
  'Review',
  z
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
          referral: isoDateOrNull('Adults: the referral for a safeguarding adult review received'),
          panelResponse: isoDateOrNull('Children: the Panel responded to the rapid review'),
          panelTold: isoDateOrNull('Children: the Panel, Ofsted and DfE told of the decision and the reviewer'),
          reportSent: isoDateOrNull('Children: the final report sent to the Panel and the Secretary of State'),
        })
        .describe('Key dates'),
      timescales: z
        .array(
          z.strictObject({
            key: z
              .string()
              .describe(
                'The clock, by review type. Children (rapid-review, local-cspr, scr): notification, rapid-review, panel-response, panel-told, report-to-panel, publication (a rapid review the first four; a national CSPR the first two, the Panel leads the rest). SAR: sar-decision, sar-completion, publication. DHR and other: none.',
              ),
            status: z
              .enum([
                'not-applicable',
                'on-track',
                'due-soon',
                'overdue',
                'met',
                'missed',
                'paused',
                'no-deadline',
                'done',
              ])
              .describe(
                'Where it stands today: not-applicable until the date it counts from is known; paused while a pause is open; no-deadline or done for a step with no fixed deadline',
              ),
            start: isoDateOrNull('The date it counts from'),
            due: isoDateOrNull(
              'When it is due, in England and Wales working days where the rule says so; the extended date if extended',
            ),
            done: isoDateOrNull('When it was done'),
            originalDue: isoDateOrNull('When it was due before any extension or pause'),
            changes: z.array(clockChangeSchema).describe('Extensions agreed and pauses recorded against it'),
          }),
        )
        .describe('The statutory and expected timescales of the review’s type, worked out from the key dates'),
      version: z.number().int().describe('Changes with every save; send it back when you change the review'),
      createdAt: text('When the review was started (ISO 8601, UTC)'),
      updatedAt: text('When the review last changed (ISO 8601, UTC)'),
    })
    .describe('A case review'),
);

export const reviewListSchema = named(
  'ReviewList',
  z
    .strictObject({ reviews: z.array(reviewSchema).describe('The partnership’s reviews') })
    .describe('The reviews the token’s partnership has'),
);

export const reviewConflictSchema = named('ReviewConflict', conflictOf(reviewSchema, 'review'));

/** "reference: Too small…" lines a client can act on. */
export function zodProblems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

/** A role on a review's team, as the team page names it. */
export const reviewRoleSchema = z
  .enum(['chair', 'business-manager', 'lead-reviewer', 'panel-member', 'observer'])
  .describe('The person’s role on the review’s team');

export const teamMemberSchema = named(
  'TeamMember',
  z
    .strictObject({
      memberId: z.string().describe('The team row’s ID: use it to remove the person from the team'),
      userId: z.string().describe('The person’s ID'),
      name: z.string().describe('The person’s name'),
      email: z.string().describe('The person’s email address'),
      role: reviewRoleSchema,
    })
    .describe('One person on a review’s team'),
);

export const teamListSchema = named(
  'Team',
  z.strictObject({ team: z.array(teamMemberSchema).describe('The team, by name') }).describe('A review’s team'),
);

export const addTeamMemberBody = named(
  'AddTeamMember',
  z
    .strictObject({
      email: z
        .string()
        .trim()
        .min(1)
        .max(320)
        .describe('The email address of an active member of the partnership who is not on the team'),
      role: reviewRoleSchema,
    })
    .describe('Who to add to the team, and in what role'),
);

const statusKey = z.enum(['set-up', 'running', 'outputs', 'complete', 'archived']);

/** GET /api/v1/reviews/{id}: the review with its status moves and its publication record. */
export const reviewDetailSchema = named(
  'ReviewDetail',
  reviewSchema
    .extend({
      statusHistory: z
        .array(
          z.strictObject({
            from: statusKey,
            to: statusKey,
            changedAt: text('When (ISO 8601, UTC)'),
            changedBy: z.string().nullable().describe('Who moved it, by name; null when no longer known'),
            reason: z.string().nullable().describe('Why, when a reason was given'),
            overridden: z.string().nullable().describe('What a rule found missing when an admin moved it anyway'),
            termsAgreedOn: isoDateOrNull('When the terms of reference were agreed, on the move to running'),
          }),
        )
        .describe('Each move of the review’s status, oldest first'),
      publication: publicationSchema.describe('The publication record (version 0 before anyone saved it)'),
    })
    .describe('A case review with its status moves and publication record; extensions and pauses are in timescales'),
);
