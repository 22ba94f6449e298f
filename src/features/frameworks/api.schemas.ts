import { z } from 'zod';
import { named } from '../../plugins/api-docs.js';

/**
 * The shapes the frameworks API answers in. Named ones are components of the OpenAPI document; the API
 * tests parse real responses with them, and they are strict: a field the API sends but the schema does
 * not name fails those tests. (The schema of framework files themselves is framework.schema.ts.)
 */

const text = (description: string) => z.string().describe(description);

export const optionSchema = named(
  'Option',
  z
    .strictObject({
      key: text('Stable key, never changes'),
      label: text('Display label'),
      description: text('Longer explanation').optional(),
    })
    .describe('One choice in a list: an audience or a judgement'),
);

export const frameworkSummarySchema = named(
  'FrameworkSummary',
  z
    .strictObject({
      key: text('Stable key of the framework, like "scr-quality-markers"'),
      version: text('Latest version, like "1.0.0"'),
      title: text('Title'),
      summary: text('One-paragraph summary'),
      publisher: text('Who publishes this version'),
      markerCount: z.number().int().describe('Number of markers'),
      stageCount: z.number().int().describe('Number of stages'),
      href: text('API address of the full framework'),
    })
    .describe('A framework in the list'),
);

export const frameworkListSchema = named(
  'FrameworkList',
  z
    .strictObject({
      frameworks: z.array(frameworkSummarySchema).describe('The latest version of every framework, by title'),
    })
    .describe('The frameworks anyone can use'),
);

const guidanceSchema = named(
  'Guidance',
  z
    .strictObject({
      'why-it-matters': text('Why it matters').optional(),
      'knowledge-base': text('What research and practice tell us').optional(),
      'equality-and-diversity': text('Equality and diversity').optional(),
      'statutory-and-inspection-links': text('Statutory guidance and inspection').optional(),
      'common-obstacles': text('Common obstacles and how to tackle them').optional(),
    })
    .describe('Guidance sections; any may be absent'),
);

const questionSchema = named(
  'Question',
  z
    .strictObject({
      key: text('Stable key, unique within the marker'),
      text: text('The question'),
      audiences: z.array(z.string()).describe('Keys of the audiences the question is for'),
    })
    .describe('A question to consider for a marker'),
);

const markerSchema = named(
  'Marker',
  z
    .strictObject({
      key: text('Stable key, unique within the framework'),
      number: z.number().int().describe('Marker number, 1, 2, 3… in order across stages'),
      title: text('Title'),
      statement: text('What good looks like'),
      rationale: text('Why the marker matters'),
      questions: z.array(questionSchema).describe('Questions to consider'),
      guidance: guidanceSchema,
    })
    .describe('One quality marker'),
);

const stageSchema = named(
  'Stage',
  z
    .strictObject({
      key: text('Stable key'),
      title: text('Title'),
      markers: z.array(markerSchema).describe('Markers in this stage, in order'),
    })
    .describe('A stage of a review'),
);

/** One version of a framework as the API shows it (not the file format: see framework.schema.ts). */
export const apiFrameworkSchema = named(
  'Framework',
  z
    .strictObject({
      key: text('Stable key of the framework'),
      version: text('Version, like "1.0.0"'),
      title: text('Title'),
      summary: text('One-paragraph summary'),
      publisher: text('Who publishes this version'),
      published: text('Date published, like "2026-11-25"'),
      source: z
        .strictObject({
          name: text('Name of the source'),
          url: z.string().describe('Address of the source').optional(),
          note: text('Note about the source').optional(),
        })
        .describe('Where the marker names and structure come from'),
      licence: text('Licence of the text'),
      audiences: z.array(optionSchema).describe('Who the questions are for'),
      scale: z.array(optionSchema).describe('The judgement scale, in order'),
      stages: z.array(stageSchema).describe('Stages of a review, in order'),
    })
    .describe('One version of a framework, in full'),
);

export const frameworkVersionsSchema = named(
  'FrameworkVersions',
  z
    .strictObject({
      key: text('Stable key of the framework'),
      latest: text('The latest version'),
      versions: z
        .array(
          z.strictObject({
            key: text('Stable key of the framework'),
            version: text('Version, like "1.0.0"'),
            title: text('Title of this version'),
            published: text('Date published, like "2026-11-25"'),
            markerCount: z.number().int().describe('Number of markers'),
            stageCount: z.number().int().describe('Number of stages'),
            href: text('API address of this version in full'),
          }),
        )
        .describe('Every version, newest first'),
    })
    .describe('The versions of one framework'),
);

export const frameworkJsonSchemaSchema = named(
  'FrameworkJsonSchema',
  z.looseObject({}).describe('JSON Schema (2020-12) for framework files, for authors and their editors'),
);
