import type { ReviewTable } from '../../db/schema.js';
import { timescalesFor } from './timescales.js';

/** A review as the API shows it, with its timescales as they stand on `today` (YYYY-MM-DD, London). */
export function reviewJson(r: ReviewTable, today: string) {
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
    },
    timescales: timescalesFor(r, today).map((t) => ({
      key: t.key,
      status: t.status,
      start: t.start,
      due: t.due,
      done: t.done,
    })),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
