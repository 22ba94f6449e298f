/**
 * The statutory path in the export document (format version 3), both ways: rows → document parts for the
 * export, document parts → rows for the import. Pure.
 */
import type { Insertable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ImportContext } from './import.context.js';
import type { Who } from './review-export.rows.js';
import type { ReviewExport } from './review-export.schema.js';
import type { ExportOrigin, ExportPublication, ExportStatusChange } from './review-export.statutory.schema.js';
import type { StatutoryRows } from './statutory.repository.js';

const json = <T>(text: string | null, empty: T): T => (text ? (JSON.parse(text) as T) : empty);

export function statutoryParts(rows: StatutoryRows, who: Who) {
  return {
    origin: originOf(rows, who),
    statusHistory: statusHistoryOf(rows, who),
    publication: publicationOf(rows, who),
  };
}

function originOf({ origin: r, requests }: StatutoryRows, who: Who): ExportOrigin | null {
  if (!r) return null;
  const children = r.route === 'serious-incident-notification';
  return {
    id: r.id,
    route: r.route,
    receivedOn: r.received_on,
    awareOn: r.aware_on,
    sourceAgency: r.source_agency,
    subjectPseudonym: r.subject_pseudonym,
    criteria: json<ExportOrigin['criteria']>(r.criteria, {}),
    rapidReview: children
      ? {
          safetyActions: r.safety_actions,
          meetingOn: r.meeting_on,
          submittedOn: r.submitted_on,
          panelResponseOn: r.panel_response_on,
          panelResponse: r.panel_response,
          agencySummaries: requests.map((q) => ({
            id: q.id,
            agency: q.agency,
            requestedOn: q.requested_on,
            dueOn: q.due_on,
            chasedOn: q.chased_on,
            receivedOn: q.received_on,
            createdAt: q.created_at,
          })),
        }
      : null,
    decision: r.outcome
      ? {
          outcome: r.outcome as NonNullable<ExportOrigin['decision']>['outcome'],
          reasons: r.reasons,
          criteria: json<Record<string, string>>(r.decision_criteria, {}),
          decidedOn: r.decided_on,
          decidedBy: r.decided_by_role,
          changeReason: r.decision_change_reason,
          toldPanelOn: r.told_panel_on,
          toldOfstedOn: r.told_ofsted_on,
          toldDfeOn: r.told_dfe_on,
        }
      : null,
    version: Number(r.version),
    createdAt: r.created_at,
    createdBy: who(r.created_by),
    updatedAt: r.updated_at,
    updatedBy: who(r.updated_by),
    convertedAt: r.converted_at,
    convertedBy: who(r.converted_by),
  };
}

function statusHistoryOf({ statusChanges }: StatutoryRows, who: Who): ExportStatusChange[] {
  return statusChanges.map((c) => ({
    id: c.id,
    from: c.from_status,
    to: c.to_status,
    reason: c.reason,
    overridden: c.overridden,
    termsAgreedOn: c.terms_agreed_on,
    changedAt: c.changed_at,
    changedBy: who(c.changed_by),
  }));
}

function publicationOf({ publication: p, events }: StatutoryRows, who: Who): ExportPublication | null {
  if (!p && !events.length) return null;
  return {
    decision: p?.decision ?? null,
    decisionReasons: p?.decision_reasons ?? '',
    decidedBy: p?.decided_by ?? null,
    decidedOn: p?.decided_on ?? null,
    legalCheckOn: p?.legal_check_on ?? null,
    legalCheckBy: p?.legal_check_by ?? null,
    familyToldOn: p?.family_told_on ?? null,
    copiesSentOn: p?.copies_sent_on ?? null,
    embargoUntil: p?.embargo_until ?? null,
    publishedOn: p?.published_on ?? null,
    publishedUrl: p?.published_url ?? null,
    onlineUntil: p?.online_until ?? null,
    depositedOn: p?.deposited_on ?? null,
    version: p ? Number(p.version) : 0,
    updatedAt: p?.updated_at ?? null,
    updatedBy: who(p?.updated_by ?? null),
    events: events.map((e) => ({
      id: e.id,
      heldOn: e.held_on,
      description: e.description,
      createdAt: e.created_at,
      createdBy: who(e.created_by),
    })),
  };
}

/** Account ids the statutory rows name, so the export can name them. */
export function peopleInStatutory(rows: StatutoryRows): (string | null)[] {
  return [
    rows.origin?.created_by ?? null,
    rows.origin?.updated_by ?? null,
    rows.origin?.converted_by ?? null,
    ...rows.statusChanges.map((c) => c.changed_by),
    rows.publication?.updated_by ?? null,
    ...rows.events.map((e) => e.created_by),
  ];
}

type Rows<T extends keyof Database> = Insertable<Database[T]>[];
export interface StatutoryPlan {
  referral: Rows<'referral'>;
  referral_agency_request: Rows<'referral_agency_request'>;
  referral_conversion: Rows<'referral_conversion'>;
  review_status_change: Rows<'review_status_change'>;
  publication: Rows<'publication'>;
  publication_event: Rows<'publication_event'>;
}

/**
 * The import's rows: the origin becomes a referral in the importing partnership's register, converted to the
 * new review; the status moves and the publication record go onto the new review. New ids throughout.
 */
export function planStatutory(doc: ReviewExport, c: ImportContext, reviewId: string): StatutoryPlan {
  const { org, idFor, who } = c;
  const o = doc.origin;
  const p = doc.publication;
  const referralId = o ? idFor(o.id) : null;
  return {
    referral: o
      ? [
          {
            id: referralId!,
            organisation_id: org,
            route: o.route,
            received_on: o.receivedOn,
            aware_on: o.awareOn,
            source_agency: o.sourceAgency,
            subject_pseudonym: o.subjectPseudonym,
            criteria: JSON.stringify(o.criteria),
            safety_actions: o.rapidReview?.safetyActions ?? null,
            meeting_on: o.rapidReview?.meetingOn ?? null,
            submitted_on: o.rapidReview?.submittedOn ?? null,
            panel_response_on: o.rapidReview?.panelResponseOn ?? null,
            panel_response: o.rapidReview?.panelResponse ?? null,
            outcome: o.decision?.outcome ?? null,
            reasons: o.decision?.reasons ?? null,
            decision_criteria: o.decision ? JSON.stringify(o.decision.criteria) : null,
            decided_on: o.decision?.decidedOn ?? null,
            decided_by_role: o.decision?.decidedBy ?? null,
            decision_change_reason: o.decision?.changeReason ?? null,
            told_panel_on: o.decision?.toldPanelOn ?? null,
            told_ofsted_on: o.decision?.toldOfstedOn ?? null,
            told_dfe_on: o.decision?.toldDfeOn ?? null,
            version: o.version,
            created_at: o.createdAt,
            created_by: who(o.createdBy),
            updated_at: o.updatedAt,
            updated_by: who(o.updatedBy),
          },
        ]
      : [],
    referral_agency_request: (o?.rapidReview?.agencySummaries ?? []).map((q) => ({
      id: idFor(q.id),
      organisation_id: org,
      referral_id: referralId!,
      agency: q.agency,
      requested_on: q.requestedOn,
      due_on: q.dueOn,
      chased_on: q.chasedOn,
      received_on: q.receivedOn,
      created_at: q.createdAt,
    })),
    referral_conversion: o
      ? [
          {
            referral_id: referralId!,
            organisation_id: org,
            review_id: reviewId,
            created_at: o.convertedAt,
            created_by: who(o.convertedBy),
          },
        ]
      : [],
    review_status_change: (doc.statusHistory ?? []).map((s) => ({
      id: idFor(s.id),
      organisation_id: org,
      review_id: reviewId,
      from_status: s.from,
      to_status: s.to,
      reason: s.reason,
      overridden: s.overridden,
      terms_agreed_on: s.termsAgreedOn,
      changed_at: s.changedAt,
      changed_by: who(s.changedBy),
    })),
    publication:
      p && p.version > 0
        ? [
            {
              id: c.newRecordId(),
              organisation_id: org,
              review_id: reviewId,
              decision: p.decision,
              decision_reasons: p.decisionReasons,
              decided_by: p.decidedBy,
              decided_on: p.decidedOn,
              legal_check_on: p.legalCheckOn,
              legal_check_by: p.legalCheckBy,
              family_told_on: p.familyToldOn,
              copies_sent_on: p.copiesSentOn,
              embargo_until: p.embargoUntil,
              published_on: p.publishedOn,
              published_url: p.publishedUrl,
              online_until: p.onlineUntil,
              deposited_on: p.depositedOn,
              version: p.version,
              updated_at: p.updatedAt ?? c.at,
              updated_by: who(p.updatedBy),
            },
          ]
        : [],
    publication_event: (p?.events ?? []).map((e) => ({
      id: idFor(e.id),
      organisation_id: org,
      review_id: reviewId,
      held_on: e.heldOn,
      description: e.description,
      created_at: e.createdAt,
      created_by: who(e.createdBy),
    })),
  };
}
