import type { ReviewTable } from '../../db/schema.js';
import { clockChangeJson } from './clocks/clocks.schemas.js';
import { timescalesFor, type ClockContext } from './timescales.js';

/** A review as the API shows it, with its timescales as they stand on `today` (YYYY-MM-DD, London). */
export function reviewJson(r: ReviewTable, today: string, ctx: ClockContext = {}) {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    subjectPseudonym: r.subject_pseudonym,
    type: r.type,
    method: r.method,
    methodOther: r.method_other,
    status: r.status,
    frameworkKey: r.framework_key,
    frameworkVersion: r.framework_version,
    dates: {
      awareness: r.awareness_date,
      incident: r.incident_date,
      notification: r.notification_date,
      rapidReview: r.rapid_review_date,
      decision: r.decision_date,
      reviewerAppointed: r.reviewer_appointed_date,
      draftReport: r.draft_report_date,
      finalReport: r.final_report_date,
      publication: r.publication_date,
      referral: r.referral_date,
      panelResponse: r.panel_response_date,
      panelTold: r.panel_told_date,
      reportSent: r.report_sent_date,
    },
    timescales: timescalesFor(r, today, ctx).map((t) => ({
      key: t.key,
      status: t.status,
      start: t.start,
      due: t.due,
      done: t.done,
      originalDue: t.originalDue,
      changes: (ctx.changes ?? []).filter((c) => c.clockKey === t.key).map(clockChangeJson),
    })),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
