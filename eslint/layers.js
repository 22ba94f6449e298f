// The dependency rules of docs/architecture.md as one ESLint rule: which folder of src/ may import which.
// It replaces some 420 import-x/no-restricted-paths zones (one set per pair of features), which matched
// every import of every file against every zone's globs and took a quarter of the lint's rule time. Here
// each import is placed once (its layer, its feature, its kind of file) and checked with plain comparisons.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where a file sits: its path from the repository root, its feature (if any) and its name without extension. */
function place(absolute) {
  const relative = path.relative(ROOT, absolute).split(path.sep).join('/');
  const feature = /^src\/features\/([^/]+)\//.exec(relative)?.[1] ?? null;
  const name = path.posix.basename(relative).replace(/\.(ts|js|mjs|cjs)$/, '');
  return { relative, feature, name };
}

const under = (p, ...folders) => folders.some((folder) => p.relative.startsWith(`${folder}/`));

// What a routes file or a service may use of another feature, by file name.
const ROUTES_MAY_USE = (name) =>
  name.endsWith('.service') || name === 'policy' || name === 'api.json' || name === 'api.schemas';
const SERVICES_MAY_USE = (name) => name.endsWith('.service') || name.endsWith('.schema') || name === 'policy';

/**
 * The message for an import of `to` from `from` (absolute paths) that breaks a dependency rule, or null.
 * Exported for the rule's tests.
 */
export function layerViolation(fromPath, toPath) {
  const from = place(fromPath);
  const to = place(toPath);
  if (under(from, 'src/plugins') && under(to, 'src/features')) return 'Plugins never import features.';
  if (under(from, 'src/lib') && under(to, 'src/features', 'src/plugins', 'src/db', 'src/config')) {
    return 'lib/ holds small pure helpers with no dependencies on the app.';
  }
  if (under(from, 'src/db/migrations') && under(to, 'src/features', 'src/plugins', 'src/lib', 'src/config')) {
    return 'Migrations are frozen: they import Kysely only.';
  }
  if (from.feature && from.name.endsWith('.repository')) {
    if ((under(to, 'src/features') && !to.name.endsWith('.repository')) || under(to, 'src/plugins', 'src/config')) {
      return 'Repositories use the db schema and Kysely only.';
    }
  }
  if (!from.feature) return null;
  const otherFeature = to.feature !== null && to.feature !== from.feature;
  if (from.relative === `src/features/${from.feature}/index.ts` && otherFeature) {
    return 'A feature’s index.ts registers its own routes only.';
  }
  if (from.name.endsWith('.routes')) {
    if (otherFeature && !ROUTES_MAY_USE(to.name)) {
      return 'Routes reach another feature through its service, never its forms, repository or routes.';
    }
    if (under(to, 'src/db')) return 'Routes never touch the database: call the service.';
  }
  if (from.name.endsWith('.service') && otherFeature && !SERVICES_MAY_USE(to.name)) {
    return 'A service may use another feature’s service, never its repository or routes.';
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the dependency rules of docs/architecture.md' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const check = (source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      // Only the project's own files can break a layer rule: they are always imported by a relative path.
      if (!source.value.startsWith('.')) return;
      const message = layerViolation(file, path.resolve(path.dirname(file), source.value));
      if (message) context.report({ node: source, message: `Unexpected path "${source.value}": ${message}` });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { layers: layersRule } };
