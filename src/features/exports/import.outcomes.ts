/** The rows an import writes for findings, actions, the written response and the history. */
import { newId } from '../../lib/ids.js';
import { encodeAgencies } from '../actions/agencies.js';
import type { ImportContext, ImportPlan } from './import.context.js';
import { ID_KEYS, PERSON_KEYS } from './review-export.rows.js';
import type { ReviewExport } from './review-export.schema.js';

export function planOutcomes(
  doc: ReviewExport,
  c: ImportContext,
  rows: ImportPlan['rows'],
  context: { reviewId: string; themes: { id: string; label: string; position: number }[] },
) {
  const { org, at, stamp, idFor, mapped, who, parents } = c;
  const reviewId = context.reviewId;
  const themeIds = new Map(context.themes.map((t) => [t.label, t.id] as const));
  let position = context.themes.reduce((n, t) => Math.max(n, Number(t.position)), 0);
  for (const f of doc.findings) {
    const findingId = idFor(f.id);
    parents.set(f.id, { review_id: reviewId });
    rows.finding.push({
      id: findingId,
      organisation_id: org,
      review_id: reviewId,
      kind: f.kind,
      number: f.number,
      text: f.text,
      version: f.version,
      created_at: f.createdAt,
      created_by: who(f.createdBy),
      updated_at: f.updatedAt,
      updated_by: who(f.updatedBy),
    });
    for (const key of new Set(f.markerKeys))
      rows.finding_marker.push({ finding_id: findingId, organisation_id: org, marker_key: key });
    for (const label of new Set(f.themes)) {
      let themeId = themeIds.get(label);
      if (!themeId) {
        themeId = newId(stamp);
        themeIds.set(label, themeId);
        rows.learning_theme.push({
          id: themeId,
          organisation_id: org,
          label,
          position: ++position,
          archived_at: null,
          created_at: at,
        });
      }
      rows.finding_theme.push({ finding_id: findingId, organisation_id: org, theme_id: themeId });
    }
  }

  for (const a of doc.actions) {
    const actionId = idFor(a.id);
    parents.set(a.id, { review_id: reviewId, finding_id: mapped(a.findingId) });
    rows.action.push({
      id: actionId,
      organisation_id: org,
      review_id: reviewId,
      kind: a.kind,
      number: a.number,
      finding_id: mapped(a.findingId),
      marker_key: a.markerKey,
      title: a.title,
      description: a.description,
      owner_user_id: who(a.owner),
      owner_name: a.ownerName,
      agencies: encodeAgencies(a.agencies),
      due_date: a.dueDate,
      status: a.status,
      rag: a.rag,
      supporting_evidence: a.supportingEvidence,
      critical_friend_comment: a.criticalFriendComment,
      impact_what_changed: a.impactWhatChanged,
      impact_how_we_know: a.impactHowWeKnow,
      completed_at: a.completedAt,
      version: a.version,
      created_at: a.createdAt,
      created_by: who(a.createdBy),
      updated_at: a.updatedAt,
      updated_by: who(a.updatedBy),
    });
    for (const p of a.progress) {
      rows.action_progress.push({
        id: idFor(p.id),
        organisation_id: org,
        action_id: actionId,
        note: p.note,
        created_at: p.createdAt,
        created_by: who(p.createdBy),
      });
    }
  }

  const wr = doc.writtenResponse;
  if (wr) {
    const responseId = idFor(wr.id);
    parents.set(wr.id, { review_id: reviewId });
    rows.written_response.push({
      id: responseId,
      organisation_id: org,
      review_id: reviewId,
      text: wr.text,
      status: wr.status,
      agreed_at: wr.agreedAt,
      agreed_by: who(wr.agreedBy),
      version: wr.version,
      updated_at: wr.updatedAt,
      updated_by: who(wr.updatedBy),
    });
    for (const actionId of wr.actionIds) {
      rows.written_response_action.push({ response_id: responseId, organisation_id: org, action_id: idFor(actionId) });
    }
  }
}

/** Earlier versions, with the new ids and the partnership's people put back. */
export function planHistory(doc: ReviewExport, c: ImportContext, rows: ImportPlan['rows']) {
  const { org, stamp, idFor, who, parents } = c;
  for (const h of doc.history) {
    const data: Record<string, unknown> = { ...h.data };
    for (const k of ID_KEYS) delete data[k];
    for (const k of PERSON_KEYS) if (k in data) data[k] = who(typeof data[k] === 'string' ? data[k] : null);
    Object.assign(data, { id: idFor(h.recordId), organisation_id: org, ...parents.get(h.recordId) });
    rows.revision.push({
      id: newId(stamp),
      organisation_id: org,
      record_type: h.recordType,
      record_id: idFor(h.recordId),
      version: h.version,
      data: JSON.stringify(data),
      changed_at: h.changedAt,
      changed_by: who(h.changedBy),
    });
  }
}
