import type { ReviewTable } from '../../db/schema.js';

/** A review as the API shows it. */
export function reviewJson(r: ReviewTable) {
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
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
