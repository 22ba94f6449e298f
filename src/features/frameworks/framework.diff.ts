import { textChanges } from './framework.diff.compare.js';
import { diffMarkers } from './framework.diff.markers.js';
import { diffQuestions } from './framework.diff.questions.js';
import { diffStages } from './framework.diff.stages.js';
import type { FrameworkDiff, OptionChanges } from './framework.diff.types.js';
import type { FrameworkFile } from './framework.schema.js';

/**
 * What changed between two versions of a framework, matched by stable keys: stages, markers and
 * questions added, removed, reworded or moved, and changes to the framework's own fields. Pure.
 *
 * "Moved" means a real change of place, not a knock-on of something added or removed: a marker that
 * changed stage, or whose order relative to the other surviving markers changed (it is outside the
 * longest run kept in order); the same for stages, and for questions within their marker. A question
 * key is unique only within its marker, so a question counts as moved to another marker when its key
 * left exactly one marker and arrived in exactly one other.
 */

export type { FrameworkDiff } from './framework.diff.types.js';

export function diffFrameworks(a: FrameworkFile, b: FrameworkFile): FrameworkDiff {
  const diff: FrameworkDiff = {
    key: b.key,
    from: a.version,
    to: b.version,
    framework: textChanges(
      [
        ['title', a.title, b.title],
        ['summary', a.summary, b.summary],
        ['publisher', a.publisher, b.publisher],
        ['published', a.published, b.published],
        ['licence', a.licence, b.licence],
        ['source', a.source.name, b.source.name],
        ['source note', a.source.note, b.source.note],
        ['audience note', a.audienceNote, b.audienceNote],
        ['terminology', terminologyText(a), terminologyText(b)],
      ],
      [],
    ),
    audiences: optionChanges(a.audiences, b.audiences),
    scale: optionChanges(a.scale, b.scale),
    stages: { added: [], removed: [], changed: [], moved: [] },
    markers: { added: [], removed: [], changed: [], moved: [] },
    questions: { added: [], removed: [], reworded: [], audiences: [], moved: [], origins: [] },
    count: 0,
  };
  diffStages(a, b, diff);
  diffMarkers(a, b, diff);
  diffQuestions(a, b, diff);
  const lengths = (group: Record<string, unknown[]>) => Object.values(group).reduce((n, list) => n + list.length, 0);
  diff.count =
    diff.framework.length +
    countOptions(diff.audiences) +
    countOptions(diff.scale) +
    lengths(diff.stages) +
    lengths(diff.markers) +
    lengths(diff.questions);
  return diff;
}

function terminologyText(fw: FrameworkFile): string | undefined {
  return fw.terminology?.map((t) => `${t.then}: ${t.now}`).join('\n') || undefined;
}

function countOptions(c: OptionChanges) {
  return c.added.length + c.removed.length + c.relabelled.length;
}

function optionChanges(a: FrameworkFile['audiences'], b: FrameworkFile['audiences']): OptionChanges {
  const before = new Map(a.map((o) => [o.key, o]));
  const after = new Map(b.map((o) => [o.key, o]));
  return {
    added: b.filter((o) => !before.has(o.key)).map(({ key, label }) => ({ key, label })),
    removed: a.filter((o) => !after.has(o.key)).map(({ key, label }) => ({ key, label })),
    relabelled: b.flatMap((o) => {
      const old = before.get(o.key);
      return old && old.label !== o.label ? [{ key: o.key, from: old.label, to: o.label }] : [];
    }),
  };
}
