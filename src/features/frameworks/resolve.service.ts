import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import type { FrameworkFile } from './framework.schema.js';
import { importedFrameworks, type FrameworkCatalogue } from './frameworks.service.js';

/**
 * The one way a review, a round or an import finds a framework version by key and version: the built-in
 * catalogue first, then the partnership's imported frameworks in the database (read only when the key is
 * not a built-in one: built-in keys belong to the built-ins, as in FrameworkCatalogue).
 */

/**
 * What to give when the exact version is not there:
 * - `'none'`: nothing (undefined); the caller decides what a missing version means.
 * - `'latest'`: the latest version of the same framework (undefined only when the key is unknown). Pages that
 *   only label things with the framework's markers (scope, findings, actions) use it, so a review whose pinned
 *   version is gone still reads.
 */
export type FrameworkFallback = 'none' | 'latest';

/** Every version of a framework the partnership may use, newest first; empty when the key is unknown. */
export async function frameworkVersions(
  db: Kysely<Database>,
  catalogue: FrameworkCatalogue,
  organisationId: string,
  key: string,
): Promise<FrameworkFile[]> {
  const builtIn = catalogue.versions(key);
  if (builtIn.length) return builtIn;
  return catalogue.withImported(await importedFrameworks(db, organisationId)).versions(key);
}

/** One version of a framework, built-in or the partnership's own; what a missing version gives is `fallback`'s. */
export async function resolveFramework(
  db: Kysely<Database>,
  catalogue: FrameworkCatalogue,
  organisationId: string,
  key: string,
  version: string,
  { fallback }: { fallback: FrameworkFallback },
): Promise<FrameworkFile | undefined> {
  const versions = await frameworkVersions(db, catalogue, organisationId, key);
  return versions.find((f) => f.version === version) ?? (fallback === 'latest' ? versions[0] : undefined);
}

/**
 * The version a review or round is pinned to, which must be there: one that is missing is the server's
 * fault, not the person's, so it is a 500 ('Framework <key> <version> is not available').
 */
export async function requireFramework(
  db: Kysely<Database>,
  catalogue: FrameworkCatalogue,
  organisationId: string,
  key: string,
  version: string,
): Promise<FrameworkFile> {
  const framework = await resolveFramework(db, catalogue, organisationId, key, version, { fallback: 'none' });
  if (!framework) throw new HttpError(500, `Framework ${key} ${version} is not available`);
  return framework;
}
