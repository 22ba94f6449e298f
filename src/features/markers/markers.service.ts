import {
  allMarkers,
  placeMarker,
  type FrameworkCatalogue,
  type FrameworkSummary,
} from '../frameworks/frameworks.service.js';
import {
  GUIDANCE_SECTIONS,
  type FrameworkFile,
  type Marker,
  type Question,
  type Stage,
} from '../frameworks/framework.schema.js';

/** What the public question browser shows: view models built from the framework catalogue. */

export interface NumberedQuestion extends Question {
  number: number;
  audienceLabels: string[];
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
  guidance: GuidanceSection[];
  previous?: Marker;
  next?: Marker;
}

export function listFrameworks(catalogue: FrameworkCatalogue): FrameworkSummary[] {
  return catalogue.summaries();
}

export function getFramework(catalogue: FrameworkCatalogue, key: string): FrameworkFile | undefined {
  return catalogue.latest(key);
}

export function numberQuestions(fw: FrameworkFile, marker: Marker): NumberedQuestion[] {
  const labels = new Map(fw.audiences.map((a) => [a.key, a.label]));
  return marker.questions.map((q, i) => ({
    ...q,
    number: i + 1,
    audienceLabels: q.audiences.map((a) => labels.get(a) ?? a),
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
): MarkerPage | undefined {
  const placed = placeMarker(fw, markerKey);
  if (!placed) return undefined;
  const audience = fw.audiences.find((a) => a.key === audienceKey);
  const numbered = numberQuestions(fw, placed.marker);
  return {
    framework: fw,
    stage: placed.stage,
    marker: placed.marker,
    markerCount: allMarkers(fw).length,
    questions: audience ? numbered.filter((q) => q.audiences.includes(audience.key)) : numbered,
    totalQuestions: numbered.length,
    audience: audience ? { key: audience.key, label: audience.label } : undefined,
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

export type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
