import type { RoundPurpose } from '../../../db/schema.js';
import type { FrameworkFile } from '../../frameworks/framework.schema.js';

/**
 * Which markers a round covers. A round has a marker record for each marker it covers and none for the
 * others, so everything that reads a round's records (progress, sign-off, "Your work", exports) sees only
 * its own markers. Rounds started before a round could cover fewer markers have a record for every one.
 */

type Stages = Pick<FrameworkFile, 'stages'>;

/** Every marker key of the framework, in its order. */
export function allMarkerKeys(framework: Stages): string[] {
  return framework.stages.flatMap((s) => s.markers.map((m) => m.key));
}

/**
 * The markers a new round covers unless the person chooses otherwise. Planning looks at setting up and
 * running the review: every stage but the last, which in both built-in frameworks is the review's
 * outputs. A framework of one stage has nothing to leave out. Other purposes cover every marker.
 */
export function defaultMarkerKeys(framework: Stages, purpose: RoundPurpose): string[] {
  if (purpose !== 'planning' || framework.stages.length < 2) return allMarkerKeys(framework);
  return framework.stages.slice(0, -1).flatMap((s) => s.markers.map((m) => m.key));
}

/** The stages a planning round leaves out by default, by title, for the words on the form. */
export function planningLeavesOut(framework: Stages): string[] {
  return framework.stages.length < 2 ? [] : [framework.stages[framework.stages.length - 1]!.title];
}

/** The chosen keys in the framework's order, without repeats; undefined when one is not a marker. */
export function orderedSelection(framework: Stages, chosen: readonly string[]): string[] | undefined {
  const all = allMarkerKeys(framework);
  if (chosen.some((k) => !all.includes(k))) return undefined;
  return all.filter((k) => chosen.includes(k));
}

/** Every value of a form or query field sent once or more, split on commas, trimmed, blanks dropped. */
export function listField(source: unknown, name: string): string[] {
  if (!source || typeof source !== 'object') return [];
  const raw = (source as Record<string, unknown>)[name];
  const values = Array.isArray(raw) ? raw : [raw];
  return values
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}
