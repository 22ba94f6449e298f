/** The API's shapes for extensions and pauses, named for the OpenAPI document. */
import { z } from 'zod';
import { named } from '../../../plugins/api-docs.js';
import { AGREED_BY_MAX, REASON_MAX } from './change.form.js';
import type { ClockChange } from './evaluate.js';

const isoDate = (description: string) => z.string().describe(`${description} (YYYY-MM-DD)`);

export const clockChangeBody = named(
  'ClockChangeInput',
  z
    .strictObject({
      clock: z.string().max(40).describe('The clock’s key, as in the review’s timescales (e.g. rapid-review)'),
      kind: z.enum(['extension', 'pause']).describe('An agreed extension, or a pause of the clock'),
      newDueDate: isoDate('Extension: the new due date').optional(),
      agreedBy: z
        .string()
        .max(AGREED_BY_MAX)
        .describe(
          'Extension: who agreed it, as a body or role such as "the Panel" or "the board"; never a person’s name',
        )
        .optional(),
      agreedOn: isoDate('Extension: the date it was agreed, today or earlier').optional(),
      pausedFrom: isoDate('Pause: the date the clock stopped').optional(),
      pausedTo: isoDate('Pause: the date it started again; leave out while the pause goes on').optional(),
      reason: z.string().max(REASON_MAX).describe('Why, for example criminal proceedings'),
    })
    .describe('An extension agreed, or a pause, against one clock of a review'),
);

export const clockChangeSchema = named(
  'ClockChange',
  z
    .strictObject({
      id: z.string().describe('The extension’s or pause’s ID: use it to remove it'),
      clock: z.string().describe('The clock’s key'),
      kind: z.enum(['extension', 'pause']),
      newDueDate: z.string().nullable().describe('Extension: the new due date (YYYY-MM-DD)'),
      agreedBy: z.string().nullable().describe('Extension: who agreed it'),
      agreedOn: z.string().nullable().describe('Extension: when it was agreed (YYYY-MM-DD)'),
      pausedFrom: z.string().nullable().describe('Pause: from (YYYY-MM-DD)'),
      pausedTo: z.string().nullable().describe('Pause: to (YYYY-MM-DD), or null while it goes on'),
      reason: z.string(),
    })
    .describe('An extension or a pause recorded against a clock'),
);

/** An extension or pause as the API shows it. */
export const clockChangeJson = (c: ClockChange) => ({
  id: c.id,
  clock: c.clockKey,
  kind: c.kind,
  newDueDate: c.newDueDate,
  agreedBy: c.agreedBy,
  agreedOn: c.agreedOn,
  pausedFrom: c.pausedFrom,
  pausedTo: c.pausedTo,
  reason: c.reason,
});
