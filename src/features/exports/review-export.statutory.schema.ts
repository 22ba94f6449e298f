import { z } from 'zod';
import {
  EVENT_LIMIT,
  PUBLICATION_DECISIONS,
  PUBLICATION_ROLES,
  REASONS_LIMIT,
  URL_LIMIT,
} from '../publication/publication.options.js';
import { ANSWERS, LIMITS, OUTCOMES, ROUTES } from '../referrals/referrals.options.js';
import { PSEUDONYM } from '../referrals/referrals.rules.js';
import { REASON_LIMIT } from '../reviews/status.rules.js';
import { count, date, id, person, positive, str, timestamp } from './review-export.fields.js';

/**
 * The statutory path of a review in the export (format version 3): where it came from (the referral, the
 * children's rapid review, the decision), each move of its status, and its publication record. All three
 * are optional, so documents of versions 1 and 2 still import. Roles, agencies and pseudonyms only.
 */

const day = z.iso.date();
const STATUSES = ['set-up', 'running', 'outputs', 'complete', 'archived'] as const;
const criterionKey = z
  .string()
  .regex(/^[A-Za-z]+$/)
  .max(40);
const nonEmpty = (max: number) => z.string().trim().min(1).max(max);
const roleKey = z.enum(Object.keys(PUBLICATION_ROLES) as [string, ...string[]]);

export const agencySummaryPart = z.strictObject({
  id,
  agency: nonEmpty(LIMITS.agency),
  requestedOn: day,
  dueOn: day,
  chasedOn: date,
  receivedOn: date,
  createdAt: timestamp,
});

export const originPart = z
  .strictObject({
    id,
    route: z.enum(ROUTES),
    receivedOn: day,
    awareOn: date.describe('Children: when the local authority became aware'),
    sourceAgency: nonEmpty(LIMITS.agency),
    subjectPseudonym: nonEmpty(LIMITS.pseudonym)
      .regex(PSEUDONYM, 'must be a pseudonym like Child A or Adult B, not a real name')
      .describe('A pseudonym such as "Child A": never a real name'),
    criteria: z.record(criterionKey, z.enum(ANSWERS)).describe('Each criterion considered, by key, and its answer'),
    rapidReview: z
      .strictObject({
        safetyActions: str(LIMITS.safetyActions).nullable(),
        meetingOn: date,
        submittedOn: date.describe('Sent to the Panel'),
        panelResponseOn: date,
        panelResponse: str(LIMITS.panelResponse).nullable(),
        agencySummaries: z.array(agencySummaryPart).max(200),
      })
      .nullable()
      .describe('Children only: the rapid review; always null for an adult’s s44 referral'),
    decision: z
      .strictObject({
        outcome: z.enum(OUTCOMES),
        reasons: str(LIMITS.reasons).nullable(),
        criteria: z.record(criterionKey, str(LIMITS.criterionReason)).describe('The criteria relied on, with reasons'),
        decidedOn: date,
        decidedBy: str(LIMITS.decidedByRole).nullable().describe('Who decided, as a role or body'),
        changeReason: str(LIMITS.changeReason).nullable(),
        toldPanelOn: date,
        toldOfstedOn: date,
        toldDfeOn: date,
      })
      .nullable(),
    version: positive,
    createdAt: timestamp,
    createdBy: person,
    updatedAt: timestamp,
    updatedBy: person,
    convertedAt: timestamp.describe('When the decision started the review'),
    convertedBy: person,
  })
  .describe('The referral or notification the review was started from; imported as a converted referral');

export const statusChangePart = z.strictObject({
  id,
  from: z.enum(STATUSES),
  to: z.enum(STATUSES),
  reason: str(REASON_LIMIT).nullable(),
  overridden: str(2000).nullable().describe('What a rule found missing when an admin moved the review anyway'),
  termsAgreedOn: date,
  changedAt: timestamp,
  changedBy: person,
});

export const publicationEventPart = z.strictObject({
  id,
  heldOn: day,
  description: nonEmpty(EVENT_LIMIT),
  createdAt: timestamp,
  createdBy: person,
});

export const publicationPart = z
  .strictObject({
    decision: z.enum(Object.keys(PUBLICATION_DECISIONS) as [keyof typeof PUBLICATION_DECISIONS]).nullable(),
    decisionReasons: str(REASONS_LIMIT),
    decidedBy: roleKey.nullable().describe('A role, never a person'),
    decidedOn: date,
    legalCheckOn: date,
    legalCheckBy: roleKey.nullable(),
    familyToldOn: date,
    copiesSentOn: date,
    embargoUntil: date,
    publishedOn: date,
    publishedUrl: z
      .url({ protocol: /^https$/ })
      .max(URL_LIMIT)
      .nullable(),
    onlineUntil: date,
    depositedOn: date,
    version: count.describe('0 when the record was never saved (events only)'),
    updatedAt: timestamp.nullable(),
    updatedBy: person,
    events: z.array(publicationEventPart).max(200).describe('Briefings and learning events, oldest first'),
  })
  .describe('The publication record and its briefings and learning events');

export type ExportOrigin = z.infer<typeof originPart>;
export type ExportStatusChange = z.infer<typeof statusChangePart>;
export type ExportPublication = z.infer<typeof publicationPart>;
