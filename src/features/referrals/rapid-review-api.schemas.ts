import { z } from 'zod';
import { MAX_VERSION } from '../../lib/versions.js';
import { named } from '../../plugins/api-docs.js';
import { agencySummarySchema } from './api.schemas.js';
import { LIMITS } from './referrals.options.js';

/**
 * The children's rapid review through the API (OpenAPI components). Lengths and the order of dates are
 * checked by referrals.rules.ts, as on the pages, so the API refuses the same things with the same words.
 */

const isoDate = (description: string) => z.iso.date().describe(`${description} (YYYY-MM-DD)`);
const optionalDate = (description: string) =>
  z.iso.date().nullable().describe(`${description} (YYYY-MM-DD), or null if it has not happened`);
const version = z
  .number()
  .int()
  .min(0)
  .max(MAX_VERSION)
  .describe('The referral’s version you read: a change made since then is not overwritten (409)');

export const rapidReviewSchema = named(
  'RapidReview',
  z
    .strictObject({
      referralId: z.string(),
      dueOn: z.string().describe('15 working days from the notification'),
      overdue: z.boolean().describe('Past its due date and not yet sent to the Panel'),
      safetyActions: z.string().nullable().describe('Immediate safety actions taken'),
      meetingOn: z.string().nullable().describe('The rapid review meeting'),
      submittedOn: z.string().nullable().describe('Sent to the Panel'),
      panelResponseOn: z.string().nullable().describe('The Panel’s response'),
      panelResponse: z.string().nullable().describe('A summary of the Panel’s response'),
      agencySummaries: z.array(agencySummarySchema),
      version: z.number().int().describe('The referral’s version, to send back with a change'),
    })
    .describe('A child’s rapid review, kept on its notification'),
);

export const putRapidReviewBody = named(
  'PutRapidReview',
  z
    .strictObject({
      safetyActions: z
        .string()
        .trim()
        .nullable()
        .describe(`Immediate safety actions taken (at most ${LIMITS.safetyActions} characters)`),
      meetingOn: optionalDate('The rapid review meeting'),
      submittedOn: optionalDate('Sent to the Panel'),
      panelResponseOn: optionalDate('The Panel’s response'),
      panelResponse: z
        .string()
        .trim()
        .nullable()
        .describe(`A summary of the Panel’s response (at most ${LIMITS.panelResponse} characters)`),
      version,
    })
    .describe('The rapid review’s details, all of them: what is null is cleared'),
);

export const agencyRequestBody = named(
  'AgencySummaryRequest',
  z
    .strictObject({
      agency: z.string().trim().describe(`The agency asked (at most ${LIMITS.agency} characters)`),
      requestedOn: isoDate('When the summary was requested'),
      workingDays: z.number().int().describe('Working days the agency has to reply, 1 to 60'),
    })
    .describe('A request to an agency for its summary'),
);

export const agencyRequestPatchBody = named(
  'AgencySummaryUpdate',
  z
    .strictObject({
      chasedOn: optionalDate('Last chased').optional(),
      receivedOn: optionalDate('Received').optional(),
    })
    .describe('When the agency was chased and when its summary came: a field left out is kept, null clears it'),
);
