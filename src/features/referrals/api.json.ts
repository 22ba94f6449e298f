import type { ReferralAgencyRequestTable } from '../../db/schema.js';
import type { Outcome } from './referrals.options.js';
import type { ReferralView } from './referrals.service.js';

/** A referral as the API answers it (api.schemas.ts). */
export function referralJson(r: ReferralView) {
  const children = r.route === 'serious-incident-notification';
  return {
    id: r.id,
    route: r.route,
    receivedOn: r.received_on,
    awareOn: r.aware_on,
    sourceAgency: r.source_agency,
    subjectPseudonym: r.subject_pseudonym,
    criteria: r.criteriaAnswers,
    stage: r.stage,
    rapidReview: children
      ? {
          dueOn: r.rapidReviewDue!,
          safetyActions: r.safety_actions,
          meetingOn: r.meeting_on,
          submittedOn: r.submitted_on,
          panelResponseOn: r.panel_response_on,
          panelResponse: r.panel_response,
        }
      : null,
    decision:
      r.outcome && r.decided_on
        ? {
            outcome: r.outcome as Outcome,
            reasons: r.reasons ?? '',
            criteria: r.decisionCriteria,
            decidedOn: r.decided_on,
            decidedByRole: r.decided_by_role ?? '',
            changeReason: r.decision_change_reason,
            notifications: r.notices.map((n) => ({ to: n.key, dueOn: n.due, doneOn: n.done })),
          }
        : null,
    reviewId: r.review_id,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function agencySummaryJson(q: ReferralAgencyRequestTable & { overdue: boolean }) {
  return {
    id: q.id,
    agency: q.agency,
    requestedOn: q.requested_on,
    dueOn: q.due_on,
    chasedOn: q.chased_on,
    receivedOn: q.received_on,
    overdue: q.overdue,
  };
}
