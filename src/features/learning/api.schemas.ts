import { z } from 'zod';
import { named } from '../../plugins/api-docs.js';

const count = z.number().int().nonnegative();

export const learningMarkersSchema = named(
  'LearningMarkers',
  z.strictObject({
    reviews: count.describe('How many reviews have a round of the kind asked for'),
    markers: z.array(
      z.strictObject({
        key: z.string().describe('The marker’s key'),
        framework: z.string().describe('The key of the framework the marker belongs to'),
        title: z.string(),
        counts: z
          .record(z.string(), count)
          .describe('How many of those reviews judged the marker so, by judgement key (met, partly-met, …)'),
      }),
    ),
  }),
);

export const learningThemesSchema = named(
  'LearningThemes',
  z.strictObject({
    themes: z.array(
      z.strictObject({
        theme: z.string().describe('The learning theme'),
        year: z.string().describe('The year the findings were recorded'),
        reviews: count,
        findings: count,
        recommendations: count,
        actions: z
          .strictObject({ total: count, open: count, overdue: count, done: count, evaluated: count })
          .describe(
            'The actions that came from those findings and recommendations; evaluated: done with impact recorded',
          ),
      }),
    ),
    recurring: z
      .array(z.strictObject({ theme: z.string(), years: z.string(), reviews: count }))
      .describe('Themes found in three or more reviews within two calendar years'),
  }),
);
