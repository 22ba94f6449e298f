/** The rounds of the review export, marker by marker, and the history of its records. */
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { frameworkOrder, groupBy, ID_KEYS, PERSON_KEYS, type ReviewRows, type Who } from './review-export.rows.js';
import { HISTORY_RECORD_TYPES, type ExportHistory, type ReviewExport } from './review-export.schema.js';

export function roundsOf(rows: ReviewRows, framework: FrameworkFile, who: Who): ReviewExport['rounds'] {
  const order = frameworkOrder(framework);
  const responses = groupBy(rows.responses, (x) => `${x.round_id}/${x.marker_key}`);
  const evidence = groupBy(rows.evidence, (x) => `${x.round_id}/${x.marker_key}`);
  const comments = groupBy(rows.comments, (x) => `${x.round_id}/${x.marker_key}`);
  const markers = groupBy(rows.markers, (x) => x.round_id);
  return rows.rounds.map((round) => ({
    id: round.id,
    number: Number(round.number),
    purpose: round.purpose,
    status: round.status,
    frameworkVersion: round.framework_version,
    scale: JSON.parse(round.scale) as ReviewExport['rounds'][number]['scale'],
    copiedFrom: round.copied_from,
    signOff: {
      sentAt: round.sent_for_sign_off_at,
      sentBy: who(round.sent_for_sign_off_by),
      decidedAt: round.decided_at,
      decidedBy: who(round.decided_by),
      decisionComment: round.decision_comment,
    },
    meetingOn: round.meeting_on,
    version: Number(round.version),
    createdAt: round.created_at,
    createdBy: who(round.created_by),
    markers: (markers.get(round.id) ?? [])
      .sort(
        (a, b) => order.marker(a.marker_key) - order.marker(b.marker_key) || a.marker_key.localeCompare(b.marker_key),
      )
      .map((m) => {
        const at = `${round.id}/${m.marker_key}`;
        const qIndex = (k: string) => order.question(m.marker_key, k);
        return {
          id: m.id,
          markerKey: m.marker_key,
          judgement: m.judgement,
          status: m.status,
          rationale: m.rationale,
          owner: who(m.owner_user_id),
          version: Number(m.version),
          updatedAt: m.updated_at,
          updatedBy: who(m.updated_by),
          answers: (responses.get(at) ?? [])
            .sort(
              (a, b) => qIndex(a.question_key) - qIndex(b.question_key) || a.question_key.localeCompare(b.question_key),
            )
            .map((q) => ({
              id: q.id,
              questionKey: q.question_key,
              answer: q.answer,
              note: q.note,
              version: Number(q.version),
              updatedAt: q.updated_at,
              updatedBy: who(q.updated_by),
            })),
          evidence: (evidence.get(at) ?? []).map((e) => ({
            id: e.id,
            kind: e.kind,
            title: e.title,
            url: e.url,
            note: e.note,
            fileName: e.file_name,
            contentType: e.content_type,
            sizeBytes: e.size_bytes === null ? null : Number(e.size_bytes),
            sha256: e.sha256,
            ...(e.content ? { content: Buffer.from(e.content).toString('base64') } : {}),
            createdAt: e.created_at,
            createdBy: who(e.created_by),
          })),
          comments: (comments.get(at) ?? []).map((c) => ({
            id: c.id,
            body: c.body,
            author: who(c.author_id),
            createdAt: c.created_at,
            editedAt: c.edited_at,
            resolvedAt: c.resolved_at,
            resolvedBy: who(c.resolved_by),
            version: Number(c.version),
            addressedTo: who(c.addressed_to),
          })),
        };
      }),
  }));
}

/** Earlier versions by kind of record, oldest first; ids left out and people named. */
export function historyOf(revisions: ReviewRows['revisions'], who: Who): ExportHistory[] {
  const types = new Set<string>(HISTORY_RECORD_TYPES);
  return revisions
    .filter((r) => types.has(r.record_type))
    .sort(
      (a, b) =>
        a.record_type.localeCompare(b.record_type) ||
        a.changed_at.localeCompare(b.changed_at) ||
        Number(a.version) - Number(b.version) ||
        a.record_id.localeCompare(b.record_id),
    )
    .map((r) => {
      const data = JSON.parse(r.data) as Record<string, unknown>;
      for (const k of ID_KEYS) delete data[k];
      for (const k of PERSON_KEYS) if (k in data) data[k] = who(typeof data[k] === 'string' ? data[k] : null);
      if ('version' in data) data.version = Number(data.version);
      return {
        recordType: r.record_type as ExportHistory['recordType'],
        recordId: r.record_id,
        version: Number(r.version),
        changedAt: r.changed_at,
        changedBy: who(r.changed_by),
        data,
      };
    });
}
