import type { Kysely } from 'kysely';
import type { Database, ReviewTable } from '../../db/schema.js';
import { frameworksVisibleTo, type FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import type { PartnershipActor } from '../../plugins/auth.js';

/** A framework a partnership may start a review on, with every version it may pin, newest first. */
export interface FrameworkChoice {
  key: string;
  title: string;
  /** The latest version: the one a review starts on unless the person picks another */
  version: string;
  versions: string[];
  imported: boolean;
}

/** How a review's framework reads on a page: its title and version, whoever made it. */
export interface FrameworkName {
  title: string;
  version: string;
}

/**
 * The frameworks a partnership may start reviews on and read reviews against: the built-in ones and
 * its own imports. Another partnership's imports are not in it, so their keys are simply unknown.
 */
export function frameworksFor(
  db: Kysely<Database>,
  actor: PartnershipActor,
  catalogue: FrameworkCatalogue,
): Promise<FrameworkCatalogue> {
  return frameworksVisibleTo(db, catalogue, { organisation: { id: actor.organisationId } });
}

export function frameworkChoices(visible: FrameworkCatalogue): FrameworkChoice[] {
  return visible.list().map((f) => ({
    key: f.key,
    title: f.title,
    version: f.version,
    versions: visible.versions(f.key).map((v) => v.version),
    imported: visible.isImported(f.key),
  }));
}

/** The version asked for, or the latest when none is; undefined when the partnership cannot see it. */
export function pickFramework(visible: FrameworkCatalogue, key: string, version?: string): FrameworkFile | undefined {
  return version ? visible.version(key, version) : visible.latest(key);
}

/** The title of each review's framework by review id; a framework that no longer reads keeps its key. */
export function frameworkNames(
  visible: FrameworkCatalogue,
  reviews: Pick<ReviewTable, 'id' | 'framework_key' | 'framework_version'>[],
): Record<string, FrameworkName> {
  return Object.fromEntries(
    reviews.map((r) => {
      const fw = visible.version(r.framework_key, r.framework_version) ?? visible.latest(r.framework_key);
      return [r.id, { title: fw?.title ?? r.framework_key, version: r.framework_version }];
    }),
  );
}
