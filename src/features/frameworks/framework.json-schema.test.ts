import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../../../test/fixtures/frameworks/fixtures.js';
import { paths } from '../../lib/paths.js';
import { frameworkJsonSchema, frameworkJsonSchemaText } from './framework.json-schema.js';

const COMMITTED = join(paths.frameworks, 'framework.schema.json');

describe('the JSON Schema for framework authors', () => {
  it('frameworks/framework.schema.json is up to date with the Zod schema', () => {
    // To refresh it: UPDATE_FRAMEWORK_SCHEMA=1 npx vitest run src/features/frameworks/framework.json-schema.test.ts
    if (process.env.UPDATE_FRAMEWORK_SCHEMA === '1') writeFileSync(COMMITTED, frameworkJsonSchemaText());
    expect(readFileSync(COMMITTED, 'utf8')).toBe(frameworkJsonSchemaText());
  });

  it('accepts the built-in frameworks and the example, and refuses a broken file', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(frameworkJsonSchema());
    for (const text of [
      readFileSync(join(paths.frameworks, 'scr-quality-markers.yaml'), 'utf8'),
      readFileSync(join(paths.frameworks, 'sar-quality-markers.yaml'), 'utf8'),
      fixtureText('local-v1.yaml'),
    ]) {
      expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    }
    const broken = parse(fixtureText('local-v1.yaml')) as Record<string, unknown>;
    delete broken.title;
    broken.colour = 'blue';
    expect(validate(broken)).toBe(false);
  });
});
