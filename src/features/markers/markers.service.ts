import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import {
  allMarkers,
  compareVersions,
  diffFrameworks,
  frameworksVisibleTo,
  placeMarker,
  summarise,
  type FrameworkCatalogue,
  type FrameworkDiff,
  type FrameworkSummary,
  type FrameworkViewer,
} from '../frameworks/frameworks.service.js';
import {
  GUIDANCE_SECTIONS,
  originLabel,
  type FrameworkFile,
  type Marker,
  type Question,
  type Stage,
} from '../frameworks/framework.schema.js';

/** What the public question browser shows: view models built from the framework catalogue. */

export interface NumberedQuestion extends Question {
  number: number;
  audienceLabels: string[];
  /** "From the publication", "Adapted from the publication", "Added by Quality Markers"; none if unknown */
  originLabel?: string;
}

export interface GuidanceSection {
  key: string;
  title: string;
  text: string;
}

export interface MarkerPage {
  framework: FrameworkFile;
  stage: Stage;
  marker: Marker;
  markerCount: number;
  questions: NumberedQuestion[];
  totalQuestions: number;
  audience?: { key: string; label: string };
  /** Whether the page shows only the questions the publication itself asks */
  onlyPublished: boolean;
  /** Whether any question says where it comes from, so the "only from the publication" filter means something */
  hasOrigins: boolean;
  guidance: GuidanceSection[];
  previous?: Marker;
  next?: Marker;
}

/** The frameworks this request may see: built-in ones, plus its partnership's own when signed in. */
export function visibleFrameworks(
  db: Kysely<Database>,
  catalogue: FrameworkCatalogue,
  viewer: FrameworkViewer | null,
): Promise<FrameworkCatalogue> {
  return frameworksVisibleTo(db, catalogue, viewer);
}

export interface BrowseSummary extends FrameworkSummary {
  /** The partnership's own, imported framework */
  imported: boolean;
}

export function listFrameworks(catalogue: FrameworkCatalogue): BrowseSummary[] {
  return catalogue.summaries().map((s) => ({ ...s, imported: catalogue.isImported(s.key) }));
}

/** A framework as the browser addresses it: `key` for the latest version, `key@version` for any version. */
export interface ResolvedFramework {
  framework: FrameworkFile;
  /** What goes after /frameworks/ in this version's links */
  path: string;
  /** The latest version, when this one is older */
  latest?: FrameworkFile;
  versionCount: number;
}

export function frameworkAtRef(catalogue: FrameworkCatalogue, ref: string): ResolvedFramework | undefined {
  const at = ref.indexOf('@');
  const key = at < 0 ? ref : ref.slice(0, at);
  const latest = catalogue.latest(key);
  if (!latest) return undefined;
  const versionCount = catalogue.versions(key).length;
  if (at < 0) return { framework: latest, path: key, versionCount };
  const framework = catalogue.version(key, ref.slice(at + 1));
  if (!framework) return undefined;
  return {
    framework,
    path: `${key}@${framework.version}`,
    latest: framework === latest ? undefined : latest,
    versionCount,
  };
}

export interface VersionsView {
  framework: FrameworkFile;
  versions: (FrameworkSummary & { published: string; previous?: string })[];
}

export function getVersionsView(catalogue: FrameworkCatalogue, key: string): VersionsView | undefined {
  const versions = catalogue.versions(key);
  if (!versions.length) return undefined;
  return {
    framework: versions[0]!,
    versions: versions.map((fw, i) => ({
      ...summarise(fw),
      published: fw.published,
      previous: versions[i + 1]?.version,
    })),
  };
}

export interface DiffView {
  framework: FrameworkFile;
  from: FrameworkFile;
  to: FrameworkFile;
  diff: FrameworkDiff;
  audienceLabels: Record<string, string>;
  versions: string[];
}

/** What changed from one version to another; the range is `a...b`, as in the address. */
export function getDiffView(catalogue: FrameworkCatalogue, key: string, range: string): DiffView | undefined {
  const [a, b, ...rest] = range.split('...');
  if (!a || !b || rest.length) return undefined;
  const from = catalogue.version(key, a);
  const to = catalogue.version(key, b);
  if (!from || !to) return undefined;
  const labels: Record<string, string> = {};
  for (const fw of [from, to]) for (const aud of fw.audiences) labels[aud.key] = aud.label;
  return {
    framework: catalogue.latest(key)!,
    from,
    to,
    diff: diffFrameworks(from, to),
    audienceLabels: labels,
    versions: catalogue
      .versions(key)
      .map((v) => v.version)
      .sort(compareVersions),
  };
}

export function numberQuestions(fw: FrameworkFile, marker: Marker): NumberedQuestion[] {
  const labels = new Map(fw.audiences.map((a) => [a.key, a.label]));
  return marker.questions.map((q, i) => ({
    ...q,
    number: i + 1,
    audienceLabels: q.audiences.map((a) => labels.get(a) ?? a),
    originLabel: originLabel(fw, q.origin),
  }));
}

export function guidanceSections(marker: Marker): GuidanceSection[] {
  return GUIDANCE_SECTIONS.flatMap(({ key, title }) => {
    const text = marker.guidance[key];
    return text ? [{ key, title, text }] : [];
  });
}

export function getMarkerPage(
  fw: FrameworkFile,
  markerKey: string,
  audienceKey: string | undefined,
  publishedOnly = false,
): MarkerPage | undefined {
  const placed = placeMarker(fw, markerKey);
  if (!placed) return undefined;
  const audience = fw.audiences.find((a) => a.key === audienceKey);
  const numbered = numberQuestions(fw, placed.marker);
  const hasOrigins = allMarkers(fw).some((m) => m.questions.some((q) => q.origin));
  const onlyPublished = publishedOnly && hasOrigins;
  return {
    framework: fw,
    stage: placed.stage,
    marker: placed.marker,
    markerCount: allMarkers(fw).length,
    questions: numbered.filter(
      (q) => (!audience || q.audiences.includes(audience.key)) && (!onlyPublished || q.origin === 'published'),
    ),
    totalQuestions: numbered.length,
    audience: audience ? { key: audience.key, label: audience.label } : undefined,
    onlyPublished,
    hasOrigins,
    guidance: guidanceSections(placed.marker),
    previous: placed.previous,
    next: placed.next,
  };
}

export interface PrintView {
  framework: FrameworkFile;
  stages: { stage: Stage; markers: { marker: Marker; questions: NumberedQuestion[] }[] }[];
  stage?: Stage;
}

export function getPrintView(fw: FrameworkFile, stageKey: string | undefined): PrintView {
  const stage = fw.stages.find((s) => s.key === stageKey);
  const stages = (stage ? [stage] : fw.stages).map((s) => ({
    stage: s,
    markers: s.markers.map((marker) => ({ marker, questions: numberQuestions(fw, marker) })),
  }));
  return { framework: fw, stages, stage };
}
