import { keptInOrder, textChanges } from './framework.diff.compare.js';
import { stageRef } from './framework.diff.stages.js';
import type { FrameworkDiff, MarkerRef } from './framework.diff.types.js';
import { GUIDANCE_SECTIONS, type FrameworkFile, type Marker } from './framework.schema.js';

/** A framework diff's markers: added, removed, changed (title, statement, rationale, guidance) or moved (framework.diff.ts). */

interface Placed {
  marker: Marker;
  ref: MarkerRef;
}

function placeAll(fw: FrameworkFile): Map<string, Placed> {
  return new Map(
    fw.stages.flatMap((stage) =>
      stage.markers.map((marker) => [
        marker.key,
        { marker, ref: { key: marker.key, number: marker.number, title: marker.title, stage: stageRef(stage) } },
      ]),
    ),
  );
}

export function diffMarkers(a: FrameworkFile, b: FrameworkFile, diff: FrameworkDiff) {
  const before = placeAll(a);
  const after = placeAll(b);
  diff.markers.added = [...after.values()].filter((p) => !before.has(p.ref.key)).map((p) => p.ref);
  diff.markers.removed = [...before.values()].filter((p) => !after.has(p.ref.key)).map((p) => p.ref);
  // Order is compared within each stage, among the markers that stayed in it.
  const stayed = (fw: FrameworkFile, stageKey: string) =>
    (fw.stages.find((st) => st.key === stageKey)?.markers ?? [])
      .map((m) => m.key)
      .filter((k) => before.get(k)?.ref.stage.key === stageKey && after.get(k)?.ref.stage.key === stageKey);
  const kept = new Set(b.stages.flatMap((st) => [...keptInOrder(stayed(a, st.key), stayed(b, st.key))]));
  for (const [key, now] of after) {
    const old = before.get(key);
    if (!old) continue;
    const changes = textChanges(
      [
        ['title', old.marker.title, now.marker.title],
        ['statement', old.marker.statement, now.marker.statement],
        ['rationale', old.marker.rationale, now.marker.rationale],
        ...GUIDANCE_SECTIONS.map((g): [string, string | undefined, string | undefined] => [
          `guidance: ${g.title}`,
          old.marker.guidance[g.key],
          now.marker.guidance[g.key],
        ]),
      ],
      [],
    );
    if (changes.length) diff.markers.changed.push({ ...now.ref, changes });
    if (old.ref.stage.key !== now.ref.stage.key || !kept.has(key)) {
      diff.markers.moved.push({ key, title: now.marker.title, from: old.ref, to: now.ref });
    }
  }
}
