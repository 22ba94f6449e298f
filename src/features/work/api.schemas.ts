import { z } from 'zod';
import { named } from '../../plugins/api-docs.js';
import { WORK_KINDS } from './work.service.js';

/** "Your work" as the API answers it: the items in the page's order. */
export const workItemSchema = named(
  'WorkItem',
  z.strictObject({
    kind: z.enum(WORK_KINDS).describe('What the item asks: sign-off, marker, comment, action or statutory-step'),
    reviewId: z.string(),
    reference: z.string().describe('The review’s reference'),
    reviewTitle: z.string(),
    title: z.string().describe('What to act on, in words'),
    due: z.string().nullable().describe('The date it is due by (YYYY-MM-DD), when it has one'),
    overdue: z.boolean(),
    detail: z.string().describe('One sentence of where it stands'),
    href: z.string().describe('The page to act on it'),
  }),
);

export const workSchema = named('Work', z.strictObject({ items: z.array(workItemSchema) }));
