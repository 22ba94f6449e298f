/**
 * Turns a review's rows into the ReviewExport document. Pure: rows, names and the framework go in,
 * the document comes out; the service reads the rows and checks who may have them.
 */
import { decodeAgencies } from '../actions/agencies.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { timescalesFor } from '../reviews/timescales.js';
import { frameworkOrder, groupBy, KEY_DATE_COLUMNS, type ReviewRows } from './review-export.rows.js';
import { historyOf, roundsOf } from './review-export.rounds.js';
import { statutoryParts } from './review-export.statutory.js';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, type ReviewExport } from './review-export.schema.js';

export function buildReviewExport(rows: ReviewRows, framework: FrameworkFile, now: Date, today: string): ReviewExport {
  const who = (userId: string | null) => (userId ? (rows.names.get(userId) ?? null) : null);
  const r = rows.review;
  const byMarker = frameworkOrder(framework).marker;
  const sections = Object.keys(rows.scopeTitles);
  const sectionOrder = (key: string) => (sections.includes(key) ? sections.indexOf(key) : sections.length);
  const fMarkers = groupBy(rows.findingMarkers, (x) => x.finding_id);
  const fThemes = groupBy(rows.findingThemes, (x) => x.finding_id);
  const progress = groupBy(rows.progress, (x) => x.action_id);

  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    partnership: { name: rows.partnershipName },
    review: {
      id: r.id,
      reference: r.reference,
      title: r.title,
      subjectPseudonym: r.subject_pseudonym,
      type: r.type,
      method: r.method,
      methodOther: r.method_other,
      status: r.status,
      keyDates: Object.fromEntries(
        Object.entries(KEY_DATE_COLUMNS).map(([name, column]) => [name, r[column]]),
      ) as ReviewExport['review']['keyDates'],
      timescales: timescalesFor(r, today, rows.clocks).map((t) => ({
        key: t.key,
        title: t.title,
        rule: t.rule,
        start: t.start,
        due: t.due,
        done: t.done,
        status: t.status,
        detail: t.detail,
        originalDue: t.originalDue,
        changes: t.changes.map((c) => `${c.text}. Reason: ${c.reason}`),
      })),
      reviewerNamedToPanel: rows.reviewerNamed,
      clockChanges: rows.clockChanges.map((c) => ({
        id: c.id,
        clock: c.clock_key,
        kind: c.kind,
        newDueDate: c.new_due_date,
        agreedBy: c.agreed_by,
        agreedOn: c.agreed_on,
        pausedFrom: c.paused_from,
        pausedTo: c.paused_to,
        reason: c.reason,
        createdAt: c.created_at,
        createdBy: who(c.created_by),
      })),
      version: Number(r.version),
      createdAt: r.created_at,
      createdBy: who(r.created_by),
      updatedAt: r.updated_at,
      updatedBy: who(r.updated_by),
    },
    team: rows.team.map((m) => ({ name: m.name, email: m.email, role: m.role })),
    scope: [...rows.scope]
      .sort((a, b) => sectionOrder(a.section) - sectionOrder(b.section) || a.section.localeCompare(b.section))
      .map((s) => ({
        id: s.id,
        section: s.section,
        title: rows.scopeTitles[s.section] ?? s.section,
        text: s.text,
        version: Number(s.version),
        updatedAt: s.updated_at,
        updatedBy: who(s.updated_by),
      })),
    framework: {
      key: framework.key,
      version: framework.version,
      title: framework.title,
      stages: framework.stages.map((s) => ({
        key: s.key,
        title: s.title,
        markers: s.markers.map((m) => ({
          key: m.key,
          number: m.number,
          title: m.title,
          statement: m.statement,
          questions: m.questions.map((q) => ({ key: q.key, text: q.text })),
        })),
      })),
    },
    rounds: roundsOf(rows, framework, who),
    findings: rows.findings.map((f) => ({
      id: f.id,
      kind: f.kind,
      number: Number(f.number),
      text: f.text,
      markerKeys: (fMarkers.get(f.id) ?? []).map((x) => x.marker_key).sort((a, b) => byMarker(a) - byMarker(b)),
      themes: (fThemes.get(f.id) ?? []).map((x) => x.label),
      version: Number(f.version),
      createdAt: f.created_at,
      createdBy: who(f.created_by),
      updatedAt: f.updated_at,
      updatedBy: who(f.updated_by),
    })),
    actions: rows.actions.map((a) => ({
      id: a.id,
      kind: a.kind,
      number: Number(a.number),
      findingId: a.finding_id,
      markerKey: a.marker_key,
      title: a.title,
      description: a.description,
      owner: who(a.owner_user_id),
      ownerName: a.owner_name,
      agencies: decodeAgencies(a.agencies),
      dueDate: a.due_date,
      status: a.status,
      rag: a.rag,
      supportingEvidence: a.supporting_evidence,
      criticalFriendComment: a.critical_friend_comment,
      impactWhatChanged: a.impact_what_changed,
      impactHowWeKnow: a.impact_how_we_know,
      completedAt: a.completed_at,
      version: Number(a.version),
      createdAt: a.created_at,
      createdBy: who(a.created_by),
      updatedAt: a.updated_at,
      updatedBy: who(a.updated_by),
      progress: (progress.get(a.id) ?? []).map((p) => ({
        id: p.id,
        note: p.note,
        createdAt: p.created_at,
        createdBy: who(p.created_by),
      })),
    })),
    writtenResponse: rows.writtenResponse
      ? {
          id: rows.writtenResponse.id,
          text: rows.writtenResponse.text,
          status: rows.writtenResponse.status,
          agreedAt: rows.writtenResponse.agreed_at,
          agreedBy: who(rows.writtenResponse.agreed_by),
          version: Number(rows.writtenResponse.version),
          updatedAt: rows.writtenResponse.updated_at,
          updatedBy: who(rows.writtenResponse.updated_by),
          actionIds: rows.responseActionIds,
        }
      : null,
    history: historyOf(rows.revisions, who),
    ...statutoryParts(rows.statutory, who),
  };
}
