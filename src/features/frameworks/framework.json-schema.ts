import { z } from 'zod';
import { frameworkSchema, LIMITS } from './framework.schema.js';

/**
 * The JSON Schema for framework authors, generated from the Zod schema so the two never disagree.
 * Editors that understand JSON Schema (VS Code with the YAML extension, for one) use it to check a
 * file as it is written. Rules that span fields (unique keys, numbering, known audiences, limits on
 * counts) are checked on import, not by the JSON Schema.
 */
export const JSON_SCHEMA_PATH = '/api/v1/frameworks/schema.json';

export function frameworkJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(frameworkSchema, { io: 'input', unrepresentable: 'any' });
  const { $schema, ...rest } = generated as Record<string, unknown>;
  return {
    $schema,
    title: 'Quality Markers framework',
    description:
      'A framework of quality markers: stages, markers and questions, each question for one or more audiences. ' +
      `Limits: ${LIMITS.markers} markers, ${LIMITS.questionsPerMarker} questions per marker, ` +
      `${LIMITS.textChars} characters per text, 1 MB per file. See docs/framework-format.md.`,
    ...rest,
  };
}

/** The committed copy, frameworks/framework.schema.json, as it should read. */
export function frameworkJsonSchemaText(): string {
  return `${JSON.stringify(frameworkJsonSchema(), null, 2)}\n`;
}
