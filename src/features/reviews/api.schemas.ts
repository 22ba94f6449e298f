import { z } from 'zod';
import { MAX_VERSION } from '../../lib/versions.js';

/** Request bodies of the reviews API, in the keys the API documents. */

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

export const createReviewBody = z.strictObject({
  reference: z.string().trim().min(1).max(40),
  title: z.string().trim().min(1).max(200),
  subjectPseudonym: pseudonym,
  type: reviewTypeSchema,
  method: z.enum(['systems', 'silp', 'traditional', 'other']).default('systems'),
  methodOther: z.string().trim().max(200).optional(),
  frameworkKey: z.string().min(1).describe('A built-in framework or one the partnership imported'),
  frameworkVersion: z.string().optional().describe('A version of that framework; the latest when left out'),
});

const isoDate = z.iso.date().nullable();

export const patchReviewBody = z.strictObject({
  version: z.number().int().positive().max(MAX_VERSION),
  reference: z.string().trim().min(1).max(40).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  subjectPseudonym: pseudonym.optional(),
  type: reviewTypeSchema.optional(),
  status: z.enum(['set-up', 'running', 'outputs', 'complete', 'archived']).optional(),
  awarenessDate: isoDate.optional(),
  incidentDate: isoDate.optional(),
  notificationDate: isoDate.optional(),
  rapidReviewDate: isoDate.optional(),
  decisionDate: isoDate.optional(),
  reviewerAppointedDate: isoDate.optional(),
  draftReportDate: isoDate.optional(),
  finalReportDate: isoDate.optional(),
  publicationDate: isoDate.optional(),
});

/** "reference: Too small…" lines a client can act on. */
export function zodProblems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}
