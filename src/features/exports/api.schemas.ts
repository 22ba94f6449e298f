import { z } from 'zod';
import { named } from '../../plugins/api-docs.js';
import { importedReviewSchema, importProblemsSchema } from './import.schema.js';
import { reviewExportSchema } from './review-export.schema.js';

/** The export and import API's shapes, named as components of the OpenAPI document. */

export const reviewExportDoc = named('ReviewExport', reviewExportSchema);
export const importedReviewDoc = named('ImportedReview', importedReviewSchema);
export const importProblemsDoc = named('ImportProblems', importProblemsSchema);
export const reviewExportJsonSchemaDoc = named(
  'ReviewExportJsonSchema',
  z.looseObject({}).describe('JSON Schema (2020-12) of the review export'),
);
