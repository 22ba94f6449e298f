import { keptInOrder } from './framework.diff.compare.js';
import type { FrameworkDiff, QuestionRef } from './framework.diff.types.js';
import type { FrameworkFile } from './framework.schema.js';

/**
 * A framework diff's questions: added, removed, reworded, moved (within a marker or to another), and
 * changes of audiences or origin (framework.diff.ts).
 */

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

export function diffQuestions(a: FrameworkFile, b: FrameworkFile, diff: FrameworkDiff) {
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
