import { z } from 'zod';
import { reviewExportSchema } from './review-export.schema.js';

/** What a successful import answers. */
export const importedReviewSchema = z
  .strictObject({
    id: z.string().describe('The new review’s id'),
    reference: z.string().describe('Its reference, as in the file'),
    droppedTeamMembers: reviewExportSchema.shape.team.describe(
      'Team members left off because they are not people of your partnership (matched by email, then name)',
    ),
    unknownPeople: z
      .array(z.string())
      .describe('Names in the file that match nobody in your partnership: those fields were left empty'),
  })
  .describe('The imported review');

/** What a refused import answers: every problem, located. */
export const importProblemsSchema = z
  .strictObject({
    error: z.strictObject({ status: z.number().int(), message: z.string() }),
    problems: z
      .array(
        z.strictObject({
          path: z.string().describe('A JSON pointer (RFC 6901) to the value, like /rounds/0/markers/3/judgement'),
          message: z.string().describe('What is wrong with it'),
        }),
      )
      .describe('Up to 100 problems, in document order'),
  })
  .describe('The file cannot be imported; nothing was saved');
