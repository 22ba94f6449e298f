import type { ReviewExport } from '../../src/features/exports/review-export.schema.js';

/**
 * What must survive an export → import → export round trip: everything except
 *  - every record's id, and the references between records (copiedFrom, findingId, actionIds and
 *    history recordId), which are compared as natural references instead (round 2, marker x, action 3…),
 *    and the ids of clock changes, the origin and its agency summaries, status moves and publication events;
 *  - exportedAt, and the partnership's name (the import goes to another partnership);
 *  - the order of history entries that have the same kind and time (sorted here by reference and version).
 * Timestamps of the records themselves (createdAt, updatedAt, changedAt…) are kept by the import and compared.
 */
export function comparable(doc: ReviewExport) {
  const ref = new Map<string, string>([[doc.review.id, 'review']]);
  doc.scope.forEach((s) => ref.set(s.id, `scope/${s.section}`));
  for (const r of doc.rounds) {
    ref.set(r.id, `round/${r.number}`);
    for (const m of r.markers) {
      const at = `round/${r.number}/${m.markerKey}`;
      ref.set(m.id, at);
      m.answers.forEach((a) => ref.set(a.id, `${at}/${a.questionKey}`));
      m.evidence.forEach((e, i) => ref.set(e.id, `${at}/evidence/${i}`));
      m.comments.forEach((c, i) => ref.set(c.id, `${at}/comment/${i}`));
    }
  }
  doc.findings.forEach((f) => ref.set(f.id, `${f.kind}/${f.number}`));
  for (const a of doc.actions) {
    ref.set(a.id, `action/${a.number}`);
    a.progress.forEach((p, i) => ref.set(p.id, `action/${a.number}/progress/${i}`));
  }
  if (doc.writtenResponse) ref.set(doc.writtenResponse.id, 'written-response');
  (doc.review.clockChanges ?? []).forEach((c, i) => ref.set(c.id, `clock-change/${i}`));
  if (doc.origin) ref.set(doc.origin.id, 'origin');
  (doc.origin?.rapidReview?.agencySummaries ?? []).forEach((q, i) => ref.set(q.id, `agency-summary/${i}`));
  (doc.statusHistory ?? []).forEach((s, i) => ref.set(s.id, `status-move/${i}`));
  (doc.publication?.events ?? []).forEach((e, i) => ref.set(e.id, `publication-event/${i}`));
  const swap = (value: unknown): unknown =>
    typeof value === 'string'
      ? (ref.get(value) ?? value)
      : Array.isArray(value)
        ? value.map(swap)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]))
          : value;
  const { exportedAt: _at, partnership: _p, ...rest } = swap(doc) as ReviewExport;
  return {
    ...rest,
    history: [...rest.history].sort((a, b) =>
      `${a.recordType} ${a.recordId} ${String(a.version).padStart(6, '0')}`.localeCompare(
        `${b.recordType} ${b.recordId} ${String(b.version).padStart(6, '0')}`,
      ),
    ),
  };
}
