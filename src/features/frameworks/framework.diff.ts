import { GUIDANCE_SECTIONS, type FrameworkFile, type Marker, type Stage } from './framework.schema.js';

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

export interface TextChange {
  /** "title", "statement", "rationale", "guidance: Why it matters", … */
  field: string;
  from: string;
  to: string;
}

export interface StageRef {
  key: string;
  title: string;
}

export interface MarkerRef {
  key: string;
  number: number;
  title: string;
  stage: StageRef;
}

export interface QuestionRef {
  key: string;
  number: number;
  text: string;
  marker: { key: string; number: number; title: string };
}

export interface OptionChanges {
  added: { key: string; label: string }[];
  removed: { key: string; label: string }[];
  relabelled: { key: string; from: string; to: string }[];
}

export interface FrameworkDiff {
  key: string;
  from: string;
  to: string;
  framework: TextChange[];
  audiences: OptionChanges;
  scale: OptionChanges;
  stages: {
    added: StageRef[];
    removed: StageRef[];
    changed: (StageRef & { changes: TextChange[] })[];
    moved: (StageRef & { fromPosition: number; toPosition: number })[];
  };
  markers: {
    added: MarkerRef[];
    removed: MarkerRef[];
    changed: (MarkerRef & { changes: TextChange[] })[];
    moved: { key: string; title: string; from: MarkerRef; to: MarkerRef }[];
  };
  questions: {
    /** With the origin the question has in the newer version, if it says */
    added: (QuestionRef & { origin?: string })[];
    removed: QuestionRef[];
    reworded: (QuestionRef & { from: string })[];
    audiences: (QuestionRef & { added: string[]; removed: string[] })[];
    /** Where a question comes from (published, adapted, added) was set or changed; "" when not given */
    origins: (QuestionRef & { from: string; to: string })[];
    moved: { key: string; text: string; from: QuestionRef; to: QuestionRef }[];
  };
  /** Total number of changes listed above. */
  count: number;
}

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

function textChanges(pairs: [string, string | undefined, string | undefined][], out: TextChange[]): TextChange[] {
  for (const [field, from, to] of pairs) {
    if ((from ?? '') !== (to ?? '')) out.push({ field, from: from ?? '', to: to ?? '' });
  }
  return out;
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

/** The keys of the longest common subsequence of two key lists: those that kept their relative order. */
export function keptInOrder(a: readonly string[], b: readonly string[]): Set<string> {
  const n = a.length;
  const m = b.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const kept = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      kept.add(a[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return kept;
}

function stageRef(s: Stage): StageRef {
  return { key: s.key, title: s.title };
}

function diffStages(a: FrameworkFile, b: FrameworkFile, diff: FrameworkDiff) {
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

function diffMarkers(a: FrameworkFile, b: FrameworkFile, diff: FrameworkDiff) {
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
        ...GUIDANCE_SECTIONS.map(
          (g): [string, string | undefined, string | undefined] => [
            `guidance: ${g.title}`,
            old.marker.guidance[g.key],
            now.marker.guidance[g.key],
          ],
        ),
      ],
      [],
    );
    if (changes.length) diff.markers.changed.push({ ...now.ref, changes });
    if (old.ref.stage.key !== now.ref.stage.key || !kept.has(key)) {
      diff.markers.moved.push({ key, title: now.marker.title, from: old.ref, to: now.ref });
    }
  }
}

function questionRefs(fw: FrameworkFile): Map<string, QuestionRef & { audiences: string[]; origin: string }> {
  const out = new Map<string, QuestionRef & { audiences: string[]; origin: string }>();
  for (const m of fw.stages.flatMap((s) => s.markers)) {
    m.questions.forEach((q, i) => {
      out.set(`${m.key}/${q.key}`, {
        key: q.key,
        number: i + 1,
        text: q.text,
        audiences: q.audiences,
        origin: q.origin ?? '',
        marker: { key: m.key, number: m.number, title: m.title },
      });
    });
  }
  return out;
}

const plain = ({ key, number, text, marker }: QuestionRef): QuestionRef => ({ key, number, text, marker });

function diffQuestions(a: FrameworkFile, b: FrameworkFile, diff: FrameworkDiff) {
  const before = questionRefs(a);
  const after = questionRefs(b);
  let added = [...after.entries()].filter(([id]) => !before.has(id)).map(([, q]) => q);
  let removed = [...before.entries()].filter(([id]) => !after.has(id)).map(([, q]) => q);

  // A key that left exactly one marker and arrived in exactly one other marker: moved there.
  const byKey = <T extends QuestionRef>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const q of list) map.set(q.key, [...(map.get(q.key) ?? []), q]);
    return map;
  };
  const addedByKey = byKey(added);
  const movedAway = new Set<QuestionRef>();
  const movedHere = new Set<QuestionRef>();
  for (const [key, gone] of byKey(removed)) {
    const arrived = addedByKey.get(key);
    if (gone.length !== 1 || arrived?.length !== 1) continue;
    const from = gone[0]!;
    const to = arrived[0]!;
    movedAway.add(from);
    movedHere.add(to);
    diff.questions.moved.push({ key, text: to.text, from: plain(from), to: plain(to) });
    if (from.text !== to.text) diff.questions.reworded.push({ ...plain(to), from: from.text });
  }
  // Questions of a marker that was added or removed whole are listed with that marker, not here.
  const markerKeys = (fw: FrameworkFile) => new Set(fw.stages.flatMap((st) => st.markers.map((m) => m.key)));
  const markersA = markerKeys(a);
  const markersB = markerKeys(b);
  added = added.filter((q) => !movedHere.has(q) && markersA.has(q.marker.key));
  removed = removed.filter((q) => !movedAway.has(q) && markersB.has(q.marker.key));
  diff.questions.added = added.map((q) => ({ ...plain(q), ...(q.origin ? { origin: q.origin } : {}) }));
  diff.questions.removed = removed.map(plain);

  // Within a marker: reworded, audiences changed, or reordered.
  const markersAfter = b.stages.flatMap((s) => s.markers);
  const markersBefore = new Map(a.stages.flatMap((s) => s.markers).map((m) => [m.key, m]));
  for (const m of markersAfter) {
    const old = markersBefore.get(m.key);
    if (!old) continue;
    const oldKeys = old.questions.map((q) => q.key);
    const newKeys = m.questions.map((q) => q.key);
    const kept = keptInOrder(
      oldKeys.filter((k) => newKeys.includes(k)),
      newKeys.filter((k) => oldKeys.includes(k)),
    );
    for (const q of m.questions) {
      const was = before.get(`${m.key}/${q.key}`);
      const now = after.get(`${m.key}/${q.key}`)!;
      if (!was) continue;
      if (was.text !== now.text) diff.questions.reworded.push({ ...plain(now), from: was.text });
      const addedAudiences = now.audiences.filter((x) => !was.audiences.includes(x));
      const removedAudiences = was.audiences.filter((x) => !now.audiences.includes(x));
      if (addedAudiences.length || removedAudiences.length) {
        diff.questions.audiences.push({ ...plain(now), added: addedAudiences, removed: removedAudiences });
      }
      if (was.origin !== now.origin) diff.questions.origins.push({ ...plain(now), from: was.origin, to: now.origin });
      if (!kept.has(q.key)) diff.questions.moved.push({ key: q.key, text: now.text, from: plain(was), to: plain(now) });
    }
  }
}
