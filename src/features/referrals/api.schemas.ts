import { z } from 'zod';
import { MAX_VERSION } from '../../lib/versions.js';
import { named } from '../../plugins/api-docs.js';
import { ANSWERS, LIMITS, OUTCOMES, ROUTES, STAGES } from './referrals.options.js';

/**
 * The referrals API's bodies and answers (OpenAPI components). Lengths are checked by the same rules as
 * the pages (referrals.rules.ts), so text over a limit is refused with the pages' words, never cut short.
 */

const isoDate = (description: string) => z.iso.date().describe(`${description} (YYYY-MM-DD)`);
const dateOrNull = (description: string) => z.string().nullable().describe(`${description} (YYYY-MM-DD), or null`);

export const createReferralBody = named(
  'CreateReferral',
  z
    .strictObject({
      receivedOn: isoDate('When the referral or notification was received'),
      route: z
        .enum(ROUTES)
        .describe('serious-incident-notification: a child; s44-referral: an adult (Care Act 2014 section 44)'),
      subjectPseudonym: z
        .string()
        .trim()
        .min(1)
        .describe('A pseudonym such as "Child A" or "Adult B": never a real name'),
      sourceAgency: z.string().trim().describe('The agency that referred or notified'),
      awareOn: isoDate('Children: when the local authority became aware').optional(),
      criteria: z
        .record(z.string(), z.enum(ANSWERS))
        .describe(
          'Each criterion considered and its answer. Children: seriousCase. Adults, each section 44 condition: careNeeds, harm, abuseKnownOrSuspected, jointWorking',
        ),
    })
    .describe('A referral or notification received'),
);

export const decisionBody = named(
  'ReferralDecision',
  z
    .strictObject({
      outcome: z
        .enum(OUTCOMES)
        .describe(
          'Children: lcspr, no-lcspr, other-learning, national-review. Adults: sar-mandatory, sar-discretionary, no-sar, other-learning',
        ),
      reasons: z.string().trim().describe(`The reasons (at most ${LIMITS.reasons} characters)`),
      criteria: z
        .record(z.string(), z.string().trim())
        .default({})
        .describe(
          'The criteria the decision rests on, each with its reason. Children (regulation 11): improvements, recurrentThemes, jointWorking, panelAdvised; adults (section 44): careNeeds, harm, abuseKnownOrSuspected, jointWorking',
        ),
      decidedOn: isoDate('The date of the decision; today when left out').optional(),
      decidedByRole: z
        .string()
        .trim()
        .optional()
        .describe('Who decided, by role; the safeguarding partners or the board when left out'),
      changeReason: z
        .string()
        .trim()
        .optional()
        .describe('Why the decision changes after its review started (admins only)'),
      version: z
        .number()
        .int()
        .min(0)
        .max(MAX_VERSION)
        .optional()
        .describe('The referral’s version you read, to refuse a stale change'),
    })
    .describe('A decision on a referral, with its reasons'),
);

export const agencySummarySchema = named(
  'AgencySummary',
  z
    .strictObject({
      id: z.string(),
      agency: z.string(),
      requestedOn: z.string(),
      dueOn: z.string().describe('Due, in working days from the request'),
      chasedOn: dateOrNull('Last chased'),
      receivedOn: dateOrNull('Received'),
      overdue: z.boolean().describe('Past its due date and not received'),
    })
    .describe('A rapid review’s request to one agency for its summary'),
);

const referralFields = {
  id: z.string(),
  route: z.enum(ROUTES),
  receivedOn: z.string(),
  awareOn: dateOrNull('Children: when the local authority became aware'),
  sourceAgency: z.string(),
  subjectPseudonym: z.string(),
  criteria: z.record(z.string(), z.string()).describe('Each criterion considered and its answer'),
  stage: z.enum(STAGES).describe('Where the referral stands'),
  rapidReview: z
    .strictObject({
      dueOn: z.string().describe('15 working days from the notification'),
      safetyActions: z.string().nullable(),
      meetingOn: dateOrNull('The rapid review meeting'),
      submittedOn: dateOrNull('Sent to the Panel'),
      panelResponseOn: dateOrNull('The Panel’s response'),
      panelResponse: z.string().nullable(),
    })
    .nullable()
    .describe('Children only'),
  decision: z
    .strictObject({
      outcome: z.enum(OUTCOMES),
      reasons: z.string(),
      criteria: z.record(z.string(), z.string()),
      decidedOn: z.string(),
      decidedByRole: z.string(),
      changeReason: z.string().nullable(),
      notifications: z
        .array(
          z.strictObject({ to: z.enum(['panel', 'ofsted', 'dfe']), dueOn: z.string(), doneOn: dateOrNull('Told') }),
        )
        .describe('Children: whom the decision must be told to'),
    })
    .nullable(),
  reviewId: z.string().nullable().describe('The review the decision started'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const referralSummarySchema = named('ReferralSummary', z.strictObject(referralFields).describe('A referral'));

export const referralSchema = named(
  'Referral',
  z
    .strictObject({
      ...referralFields,
      agencySummaries: z.array(agencySummarySchema).describe('Children: the agency summaries requested'),
    })
    .describe('A referral, with its rapid review’s agency summaries'),
);

export const referralListSchema = named(
  'ReferralList',
  z
    .strictObject({ referrals: z.array(referralSummarySchema) })
    .describe('The partnership’s referral register, newest first'),
);

export const decisionResultSchema = named(
  'ReferralDecisionResult',
  z.strictObject({
    reviewId: z.string().nullable().describe('The review the decision started, if it started one'),
    referral: referralSchema,
  }),
);
