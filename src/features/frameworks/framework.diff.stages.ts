import { keptInOrder, textChanges } from './framework.diff.compare.js';
import type { FrameworkDiff, StageRef } from './framework.diff.types.js';
import type { FrameworkFile, Stage } from './framework.schema.js';

/** A framework diff's stages: added, removed, retitled or moved (framework.diff.ts). */

export function stageRef(s: Stage): StageRef {
  return { key: s.key, title: s.title };
}

export function diffStages(a: FrameworkFile, b: FrameworkFile, diff: FrameworkDiff) {
  const before = new Map(a.stages.map((s, i) => [s.key, { stage: s, position: i + 1 }]));
  const after = new Map(b.stages.map((s, i) => [s.key, { stage: s, position: i + 1 }]));
  diff.stages.added = b.stages.filter((s) => !before.has(s.key)).map(stageRef);
  diff.stages.removed = a.stages.filter((s) => !after.has(s.key)).map(stageRef);
  const common = (list: Stage[], other: Map<string, unknown>) => list.map((s) => s.key).filter((k) => other.has(k));
  const kept = keptInOrder(common(a.stages, after), common(b.stages, before));
  for (const s of b.stages) {
    const old = before.get(s.key);
    if (!old) continue;
    const changes = textChanges(
      [
        ['title', old.stage.title, s.title],
        ['summary', old.stage.summary, s.summary],
      ],
      [],
    );
    if (changes.length) diff.stages.changed.push({ ...stageRef(s), changes });
    if (!kept.has(s.key)) {
      diff.stages.moved.push({ ...stageRef(s), fromPosition: old.position, toPosition: after.get(s.key)!.position });
    }
  }
}
