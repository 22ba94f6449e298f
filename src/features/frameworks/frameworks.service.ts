import type { Audience, FrameworkFile, Marker, Stage } from './framework.schema.js';

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

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The frameworks everyone can see (the built-in ones), held in memory: they are read once at
 * start-up and never change while the process runs.
 */
export class FrameworkCatalogue {
  private readonly byKey = new Map<string, FrameworkFile[]>();

  constructor(frameworks: FrameworkFile[]) {
    for (const fw of frameworks) {
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

  versions(key: string): FrameworkFile[] {
    return this.byKey.get(key) ?? [];
  }
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

export function findAudience(fw: FrameworkFile, key: string | undefined): Audience | undefined {
  return key ? fw.audiences.find((a) => a.key === key) : undefined;
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
