import { z } from 'zod';
import { MAX_VERSION } from '../../lib/versions.js';
import { conflictOf, named } from '../../plugins/api-docs.js';
import { EVENT_LIMIT, REASONS_LIMIT, URL_LIMIT } from './publication.options.js';

/** The publication API's body and answer. Dates are YYYY-MM-DD; roles are keys of the list below, never names. */

const decision = z
  .enum(['full', 'improvements-only', 'not-published', 'delayed'])
  .describe('full: the full report; improvements-only: the improvements to be made only; not-published; delayed');
const role = z
  .enum([
    'partners',
    'board',
    'chair',
    'case-review-group',
    'business-manager',
    'legal-adviser',
    'data-protection-officer',
    'information-governance',
  ])
  .describe('A role, never a person’s name');
const date = (description: string) => z.iso.date().nullable().describe(`${description} (YYYY-MM-DD), or null`);

const fields = {
  decision: decision.nullable(),
  decisionReasons: z.string().trim().max(REASONS_LIMIT).describe('Why; needed when not published or delayed'),
  decidedBy: role.nullable(),
  decidedOn: date('When it was decided'),
  legalCheckOn: date('When the legal and data protection checks were done'),
  legalCheckBy: role.nullable(),
  familyToldOn: date('When the family was told, before publication'),
  copiesSentOn: date('When the final report went to the Panel and the Secretary of State (children’s reviews)'),
  embargoUntil: date('Not to be published before'),
  publishedOn: date('When it was published: not before the final report'),
  publishedUrl: z.string().trim().max(URL_LIMIT).nullable().describe('Where it was published: an https:// address'),
  onlineUntil: date('When it comes down'),
  depositedOn: date('When it was deposited in the NSPCC repository (children) or the national SAR library (adults)'),
};

const event = z.strictObject({
  heldOn: z.iso.date().describe('When it was held (YYYY-MM-DD)'),
  description: z.string().trim().min(1).max(EVENT_LIMIT).describe('What it was'),
});

export const putPublicationBody = named(
  'PutPublication',
  z
    .strictObject({
      version: z.number().int().min(0).max(MAX_VERSION).describe('The version read; 0 before the first save'),
      ...fields,
      events: z.array(event).max(200).optional().describe('When given, replaces the briefings and learning events'),
    })
    .describe('The whole publication record, with the version read'),
);

export const publicationSchema = named(
  'Publication',
  z
    .strictObject({
      reviewId: z.string().describe('The review’s ID'),
      ...fields,
      decisionReasons: z.string().describe('Why'),
      publishedUrl: z.string().nullable().describe('Where it was published'),
      copiesCheck: z
        .enum(['met', 'missed', 'sent', 'due', 'not-sent'])
        .nullable()
        .describe(
          'Whether the final report reached the Panel and the Secretary of State at least 7 working days before publication; null for a review that is not about a child',
        ),
      events: z
        .array(event.extend({ id: z.string().describe('The event’s ID') }))
        .describe('Briefings and learning events, oldest first'),
      version: z.number().int().describe('0 before the first save; send it back with a change'),
      updatedAt: z.string().nullable().describe('When it last changed (ISO 8601, UTC)'),
    })
    .describe('A review’s publication record'),
);

export const publicationConflictSchema = named(
  'PublicationConflict',
  conflictOf(publicationSchema, 'publication record'),
);
