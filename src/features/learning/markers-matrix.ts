/**
 * Markers across reviews: the judgement of each marker in each review's chosen round, grouped by
 * framework (a review uses one), with the counts per marker in words and as a chart and table. Pure: the
 * rows come from learning.repository, the markers and judgement labels from the framework.
 */
import type { StackedBarChart } from '../reports/charts.js';

export interface FrameworkInfo {
  key: string;
  title: string;
  markers: { key: string; number: number; title: string }[];
  scale: { key: string; label: string }[];
}

/** The judgements a marker is counted as a concern for: "partly or not met". */
export const CONCERN = ['partly-met', 'not-met'];

export interface MarkerCount {
  key: string;
  number: number | null;
  title: string;
  counts: Record<string, number>;
  /** Reviews whose chosen round has a record of the marker */
  recorded: number;
  concerns: number;
}

export interface FrameworkCounts {
  framework: FrameworkInfo;
  /** Reviews of the framework that have a chosen round */
  reviews: number;
  markers: MarkerCount[];
}

/**
 * The counts of one framework's markers from the grouped rows; markers the framework no longer has (a
 * record older than its framework's latest version) are still counted, after its own.
 */
export function countsOf(
  framework: FrameworkInfo,
  reviews: number,
  rows: readonly { marker_key: string; judgement: string; n: number }[],
): FrameworkCounts {
  const known = new Map(framework.markers.map((m) => [m.key, m]));
  const extra = [...new Set(rows.map((r) => r.marker_key).filter((k) => !known.has(k)))].sort();
  const markers: MarkerCount[] = [
    ...framework.markers.map((m) => ({ key: m.key, number: m.number, title: m.title })),
    ...extra.map((key) => ({ key, number: null, title: key })),
  ].map((m) => {
    const mine = rows.filter((r) => r.marker_key === m.key);
    const counts = Object.fromEntries(framework.scale.map((o) => [o.key, 0])) as Record<string, number>;
    for (const r of mine) counts[r.judgement] = (counts[r.judgement] ?? 0) + r.n;
    const recorded = mine.reduce((a, r) => a + r.n, 0);
    const concerns = mine.filter((r) => CONCERN.includes(r.judgement)).reduce((a, r) => a + r.n, 0);
    return { ...m, counts, recorded, concerns };
  });
  return { framework, reviews, markers };
}

/** A round's judgements as round_judgements packs them ("marker=judgement;…"; keys are slugs), in pairs. */
export function unpack(judgements: string | null): [marker: string, judgement: string][] {
  if (!judgements) return [];
  return judgements.split(';').map((pair) => {
    const at = pair.indexOf('=');
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

/** How many of the rounds' marker records have each judgement, by framework and marker. */
export function tally(rounds: Iterable<{ framework_key: string; judgements: string | null }>) {
  // Counted by the packed "marker=judgement" text first (some 90,000 at 5,000 reviews), split once per kind.
  const byFramework = new Map<string, Map<string, number>>();
  for (const round of rounds) {
    if (!round.judgements) continue;
    let counts = byFramework.get(round.framework_key);
    if (!counts) byFramework.set(round.framework_key, (counts = new Map<string, number>()));
    for (const pair of round.judgements.split(';')) counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return [...byFramework].flatMap(([framework_key, counts]) =>
    unpack([...counts.keys()].join(';')).map(([marker_key, judgement]) => ({
      framework_key,
      marker_key,
      judgement,
      n: counts.get(`${marker_key}=${judgement}`)!,
    })),
  );
}

const plural = (n: number) => `${n} ${n === 1 ? 'review' : 'reviews'}`;

/** "Family involvement: partly or not met in 7 of 12 reviews" */
export function concernSentence(m: MarkerCount, reviews: number): string {
  return `${m.title}: partly or not met in ${m.concerns} of ${plural(reviews)}`;
}

/** Judgements a framework's scale does not name (older records) come after its own, under their key. */
export function judgementKeys(c: FrameworkCounts): { key: string; label: string }[] {
  const known = new Set(c.framework.scale.map((o) => o.key));
  const others = [...new Set(c.markers.flatMap((m) => Object.keys(m.counts)).filter((k) => !known.has(k)))];
  return [...c.framework.scale, ...others.map((k) => ({ key: k, label: k }))];
}

export function markersChart(c: FrameworkCounts, index: number): StackedBarChart {
  const series = judgementKeys(c);
  return {
    id: `chart-markers-${index + 1}`,
    title: `${c.framework.title}: judgements per marker`,
    categoryHeading: 'Marker',
    series,
    categories: c.markers.map((m) => ({
      label: m.number ? `${m.number}. ${m.title}` : m.title,
      values: series.map((s) => m.counts[s.key] ?? 0),
    })),
  };
}
