import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { paths } from '../../lib/paths.js';
import { loadFrameworkFiles } from './framework.load.js';
import { frameworkSchema, type FrameworkFile, type Marker, type Stage } from './framework.schema.js';
import { contentOf, listImportedRows } from './frameworks.repository.js';
import { compareVersions } from './framework.version.js';

export { diffFrameworks, type FrameworkDiff } from './framework.diff.js';
export { JUDGEMENT_NOTE } from './framework.schema.js';

/** A marker with its place in the framework, for pages that need stage and neighbours. */
export interface PlacedMarker {
  marker: Marker;
  stage: Stage;
  previous?: Marker;
  next?: Marker;
}

export interface FrameworkSummary {
  key: string;
  version: string;
  title: string;
  summary: string;
  publisher: string;
  markerCount: number;
  stageCount: number;
}

export { compareVersions };

/**
 * A set of frameworks, every version of each, held in memory. The built-in catalogue is read once at
 * start-up and never changes while the process runs; a request signed in to a partnership sees that
 * catalogue plus the partnership's imported frameworks (see frameworksVisibleTo).
 */
export class FrameworkCatalogue {
  private readonly byKey = new Map<string, FrameworkFile[]>();
  private readonly importedKeys = new Set<string>();

  /** Imported frameworks whose key is a built-in one are left out: built-in keys belong to the built-ins. */
  constructor(
    readonly builtIn: FrameworkFile[],
    imported: FrameworkFile[] = [],
  ) {
    const builtInKeys = new Set(builtIn.map((f) => f.key));
    for (const fw of imported) if (!builtInKeys.has(fw.key)) this.importedKeys.add(fw.key);
    for (const fw of [...builtIn, ...imported.filter((f) => !builtInKeys.has(f.key))]) {
      const versions = this.byKey.get(fw.key) ?? [];
      if (versions.some((v) => v.version === fw.version)) {
        throw new Error(`Framework ${fw.key} version ${fw.version} is defined twice`);
      }
      versions.push(fw);
      versions.sort((a, b) => compareVersions(b.version, a.version));
      this.byKey.set(fw.key, versions);
    }
  }

  /** The latest version of each framework. */
  list(): FrameworkFile[] {
    return [...this.byKey.values()].map((v) => v[0]!).sort((a, b) => a.title.localeCompare(b.title));
  }

  summaries(): FrameworkSummary[] {
    return this.list().map(summarise);
  }

  latest(key: string): FrameworkFile | undefined {
    return this.byKey.get(key)?.[0];
  }

  version(key: string, version: string): FrameworkFile | undefined {
    return this.byKey.get(key)?.find((f) => f.version === version);
  }

  /** Every version of a framework, newest first. */
  versions(key: string): FrameworkFile[] {
    return this.byKey.get(key) ?? [];
  }

  isBuiltIn(key: string): boolean {
    return this.byKey.has(key) && !this.importedKeys.has(key);
  }

  isImported(key: string): boolean {
    return this.importedKeys.has(key);
  }

  /** This catalogue plus a partnership's imported frameworks. */
  withImported(imported: FrameworkFile[]): FrameworkCatalogue {
    return imported.length ? new FrameworkCatalogue(this.builtIn, imported) : this;
  }
}

/** The built-in frameworks (frameworks/ at the repo root) as a catalogue: app.frameworks, and the CLI's. */
export function builtInCatalogue(dir = paths.frameworks): FrameworkCatalogue {
  return new FrameworkCatalogue(loadFrameworkFiles(dir));
}

/** Who is asking, as far as frameworks care: the partnership a signed-in request works in. */
export interface FrameworkViewer {
  organisation: { id: string } | null;
  twoFactorSetupRequired?: boolean;
}

export function viewerOrganisationId(viewer: FrameworkViewer | null | undefined): string | null {
  return viewer && !viewer.twoFactorSetupRequired ? (viewer.organisation?.id ?? null) : null;
}

/** Parsed imported versions by row id: rows never change once written, so this is safe to share. */
const parsed = new Map<string, FrameworkFile>();
const PARSED_CACHE_SIZE = 500;

function remember(id: string, fw: FrameworkFile) {
  if (parsed.size >= PARSED_CACHE_SIZE) parsed.delete(parsed.keys().next().value!);
  parsed.set(id, fw);
}

/** A partnership's imported frameworks, every version, validated again as they are read. */
export async function importedFrameworks(db: Kysely<Database>, organisationId: string): Promise<FrameworkFile[]> {
  const rows = await listImportedRows(db, organisationId);
  const missing = rows.filter((r) => !parsed.has(r.id)).map((r) => r.id);
  for (const { id, content } of await contentOf(db, organisationId, missing)) {
    try {
      const result = frameworkSchema.safeParse(JSON.parse(content));
      if (result.success) remember(id, result.data);
    } catch {
      // A row that no longer reads is left out rather than breaking every page.
    }
  }
  return rows.flatMap((r) => parsed.get(r.id) ?? []);
}

/**
 * The frameworks this request may see: the built-in ones for everyone, and the partnership's own
 * for a request signed in to it. Anonymous requests never touch the database.
 */
export async function frameworksVisibleTo(
  db: Kysely<Database>,
  catalogue: FrameworkCatalogue,
  viewer: FrameworkViewer | null | undefined,
): Promise<FrameworkCatalogue> {
  const organisationId = viewerOrganisationId(viewer);
  if (!organisationId) return catalogue;
  return catalogue.withImported(await importedFrameworks(db, organisationId));
}

export function summarise(fw: FrameworkFile): FrameworkSummary {
  return {
    key: fw.key,
    version: fw.version,
    title: fw.title,
    summary: fw.summary,
    publisher: fw.publisher,
    markerCount: allMarkers(fw).length,
    stageCount: fw.stages.length,
  };
}

export function allMarkers(fw: FrameworkFile): Marker[] {
  return fw.stages.flatMap((s) => s.markers);
}

export function placeMarker(fw: FrameworkFile, markerKey: string): PlacedMarker | undefined {
  const flat = fw.stages.flatMap((stage) => stage.markers.map((marker) => ({ stage, marker })));
  const i = flat.findIndex((m) => m.marker.key === markerKey);
  if (i < 0) return undefined;
  const here = flat[i]!;
  return { marker: here.marker, stage: here.stage, previous: flat[i - 1]?.marker, next: flat[i + 1]?.marker };
}

/** The shape the public API returns for one framework version. */
export function toApiFramework(fw: FrameworkFile) {
  return {
    key: fw.key,
    version: fw.version,
    title: fw.title,
    summary: fw.summary,
    publisher: fw.publisher,
    published: fw.published,
    source: fw.source,
    licence: fw.licence,
    audiences: fw.audiences,
    scale: fw.scale,
    stages: fw.stages.map((stage) => ({
      key: stage.key,
      title: stage.title,
      markers: stage.markers.map((m) => ({
        key: m.key,
        number: m.number,
        title: m.title,
        statement: m.statement,
        rationale: m.rationale,
        questions: m.questions.map((q) => ({ key: q.key, text: q.text, audiences: q.audiences })),
        guidance: m.guidance,
      })),
    })),
  };
}
