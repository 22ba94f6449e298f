import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import architecture from '../eslint/layers.js';

// The dependency rules of docs/architecture.md, as eslint/layers.js enforces them: one import a case, from a
// file at a given place in the tree.
const ROOT = path.resolve(import.meta.dirname, '..');
const linter = new Linter({ configType: 'flat' });
const config = [
  {
    files: ['**/*.ts'],
    plugins: { architecture },
    languageOptions: { parser: tseslint.parser },
    rules: { 'architecture/layers': 'error' as const },
  },
];

/** The rule's messages for `code` in the file at `file` (a path from the repository root). */
const messages = (file: string, code: string) =>
  linter.verify(code, config, path.join(ROOT, file)).map((m) => m.message.replace(/^Unexpected path "[^"]+": /, ''));

const refused: [string, string, string][] = [
  ['src/plugins/auth.ts', "import { x } from '../features/reviews/policy.js';", 'Plugins never import features.'],
  ['src/lib/dates.ts', "import type { Db } from '../db/create-db.js';", 'lib/ holds small pure helpers'],
  ['src/lib/a/b.ts', "export { y } from '../../config/config.js';", 'lib/ holds small pure helpers'],
  ['src/db/migrations/2027-x.ts', "import { z } from '../../lib/ids.js';", 'Migrations are frozen'],
  ['src/features/work/work.repository.ts', "import { w } from './work.service.js';", 'Repositories use the db'],
  ['src/features/work/index.ts', "import { r } from '../reviews/reviews.routes.js';", 'index.ts registers its own'],
  ['src/features/work/work.routes.ts', "import { f } from '../reviews/reviews.form.js';", 'Routes reach another'],
  ['src/features/work/work.routes.ts', "import type { Db } from '../../db/create-db.js';", 'Routes never touch'],
  ['src/features/assessments/meeting/x.routes.ts', "import('../../../db/schema.js');", 'Routes never touch'],
  ['src/features/work/work.service.ts', "import { q } from '../reviews/reviews.repository.js';", 'A service may use'],
];

const allowed: [string, string][] = [
  ['src/plugins/auth.ts', "import { x } from '../lib/ids.js';"],
  ['src/features/work/work.repository.ts', "import { r } from '../reviews/reviews.repository.js';"],
  ['src/features/work/index.ts', "import { r } from './work.routes.js';"],
  ['src/features/work/work.routes.ts', "import { s } from '../reviews/reviews.service.js';"],
  ['src/features/work/work.routes.ts', "import { p } from '../reviews/policy.js';"],
  ['src/features/work/work.routes.ts', "import { j } from '../reviews/api.json.js';"],
  ['src/features/work/work.routes.ts', "import { f } from './work.form.js';"],
  ['src/features/work/work.service.ts', "import { t } from '../frameworks/framework.schema.js';"],
  ['src/features/work/work.service.ts', "import { d } from '../../db/create-db.js';"],
  ['test/helpers/app.ts', "import { r } from '../../src/features/reviews/reviews.repository.js';"],
  ['src/features/work/work.service.ts', "import { readFile } from 'node:fs/promises';"],
];

describe('the dependency rules', () => {
  it.each(refused)('refuses, in %s, %s', (file, code, message) => {
    const found = messages(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it.each(allowed)('allows, in %s, %s', (file, code) => {
    expect(messages(file, code)).toEqual([]);
  });
});
