/**
 * The rows an import writes, from a checked document: every record gets a new id, references between
 * records follow, people named in the document become the partnership's accounts of that name (or
 * nobody). Pure: the caller reads the partnership's people and themes and writes the rows.
 */
import { createHash } from 'node:crypto';
import type { ReviewRole } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import {
  displayableFileName,
  FILE_TYPES,
  safeFileName,
  sniffFileType,
  type FileTypeKey,
} from '../../lib/untrusted/file-type.js';
import { ImportContext, type ImportPlan, type Person } from './import.context.js';
import { planHistory, planOutcomes } from './import.outcomes.js';
import { KEY_DATE_COLUMNS } from './review-export.rows.js';
import { planStatutory } from './review-export.statutory.js';
import type { ReviewExport } from './review-export.schema.js';

export function planImport(
  doc: ReviewExport,
  context: {
    organisationId: string;
    importer: { userId: string; isAdmin: boolean };
    people: Person[];
    themes: { id: string; label: string; position: number }[];
    now: Date;
  },
): ImportPlan {
  const c = new ImportContext(context.organisationId, context.people, context.now);
  const { org, at, stamp, idFor, mapped, who, parents } = c;
  const r = doc.review;
  const reviewId = idFor(r.id);
  const rows: ImportPlan['rows'] = {
    review: [
      {
        id: reviewId,
        organisation_id: org,
        reference: r.reference,
        title: r.title,
        subject_pseudonym: r.subjectPseudonym,
        type: r.type,
        method: r.method,
        method_other: r.methodOther,
        framework_key: doc.framework.key,
        framework_version: doc.framework.version,
        status: r.status,
        ...(Object.fromEntries(
          Object.entries(KEY_DATE_COLUMNS).map(([name, column]) => [
            column,
            r.keyDates[name as keyof typeof r.keyDates] ?? null,
          ]),
        ) as Record<(typeof KEY_DATE_COLUMNS)[keyof typeof KEY_DATE_COLUMNS], string | null>),
        version: r.version,
        created_at: r.createdAt,
        created_by: who(r.createdBy),
        updated_at: r.updatedAt,
        updated_by: who(r.updatedBy),
      },
    ],
    review_member: [],
    review_scope: doc.scope.map((s) => ({
      id: idFor(s.id),
      organisation_id: org,
      review_id: reviewId,
      section: s.section,
      text: s.text,
      version: s.version,
      updated_at: s.updatedAt,
      updated_by: who(s.updatedBy),
    })),
    review_reviewer_named: r.reviewerNamedToPanel
      ? [
          {
            review_id: reviewId,
            organisation_id: org,
            reviewer_name: r.reviewerNamedToPanel,
            updated_at: r.updatedAt,
            updated_by: who(r.updatedBy),
          },
        ]
      : [],
    review_clock_change: (r.clockChanges ?? []).map((c) => ({
      id: idFor(c.id),
      organisation_id: org,
      review_id: reviewId,
      clock_key: c.clock,
      kind: c.kind,
      new_due_date: c.newDueDate,
      agreed_by: c.agreedBy,
      agreed_on: c.agreedOn,
      paused_from: c.pausedFrom,
      paused_to: c.pausedTo,
      reason: c.reason,
      created_at: c.createdAt,
      created_by: who(c.createdBy),
    })),
    assessment_round: [],
    marker_record: [],
    question_response: [],
    evidence: [],
    comment: [],
    learning_theme: [],
    finding: [],
    finding_marker: [],
    finding_theme: [],
    action: [],
    action_progress: [],
    written_response: [],
    written_response_action: [],
    revision: [],
  };

  // The team: people found by email, else by name; the rest are dropped and reported.
  const team = new Map<string, ReviewRole>();
  const dropped: ReviewExport['team'] = [];
  for (const m of doc.team) {
    const id = c.member(m.email, m.name);
    if (!id) dropped.push(m);
    else if (!team.has(id)) team.set(id, m.role);
  }
  // A review always keeps a chair or business manager, and whoever imports it must be able to see it.
  let importerAddedAs: ReviewRole | null = null;
  const hasLead = [...team.values()].some((role) => role === 'chair' || role === 'business-manager');
  if (!hasLead || (!team.has(context.importer.userId) && !context.importer.isAdmin)) {
    importerAddedAs = 'business-manager';
    team.set(context.importer.userId, importerAddedAs);
  }
  rows.review_member = [...team].map(([userId, role]) => ({
    id: newId(stamp),
    organisation_id: org,
    review_id: reviewId,
    user_id: userId,
    role,
    created_at: at,
  }));

  /** Each record's parent ids, put back into its earlier versions. */
  parents.set(r.id, {});
  for (const s of doc.scope) parents.set(s.id, { review_id: reviewId });

  for (const round of doc.rounds) {
    const roundId = idFor(round.id);
    parents.set(round.id, { review_id: reviewId, copied_from: mapped(round.copiedFrom) });
    rows.assessment_round.push({
      id: roundId,
      organisation_id: org,
      review_id: reviewId,
      number: round.number,
      purpose: round.purpose,
      status: round.status,
      framework_version: round.frameworkVersion,
      scale: JSON.stringify(round.scale),
      copied_from: mapped(round.copiedFrom),
      sent_for_sign_off_at: round.signOff.sentAt,
      sent_for_sign_off_by: who(round.signOff.sentBy),
      decided_at: round.signOff.decidedAt,
      decided_by: who(round.signOff.decidedBy),
      decision_comment: round.signOff.decisionComment,
      meeting_on: round.meetingOn ?? null,
      version: round.version,
      created_at: round.createdAt,
      created_by: who(round.createdBy),
    });
    for (const m of round.markers) {
      const inRound = { organisation_id: org, round_id: roundId, marker_key: m.markerKey };
      for (const x of [m, ...m.answers, ...m.comments]) parents.set(x.id, { round_id: roundId });
      rows.marker_record.push({
        ...inRound,
        id: idFor(m.id),
        judgement: m.judgement,
        status: m.status,
        rationale: m.rationale,
        owner_user_id: who(m.owner),
        version: m.version,
        updated_at: m.updatedAt,
        updated_by: who(m.updatedBy),
      });
      for (const a of m.answers) {
        rows.question_response.push({
          ...inRound,
          id: idFor(a.id),
          question_key: a.questionKey,
          answer: a.answer,
          note: a.note,
          version: a.version,
          updated_at: a.updatedAt,
          updated_by: who(a.updatedBy),
        });
      }
      for (const e of m.evidence) {
        const content = e.content === undefined ? null : Buffer.from(e.content, 'base64');
        const file = importedFile(e, content);
        rows.evidence.push({
          ...inRound,
          id: idFor(e.id),
          kind: e.kind,
          title: e.title,
          url: e.url,
          note: e.note,
          file_name: file.name,
          content_type: file.contentType,
          size_bytes: content ? content.length : e.sizeBytes,
          // As for an upload: the hash of the bytes stored (checkImport refused one that differs).
          sha256: content ? createHash('sha256').update(content).digest('hex') : e.sha256,
          content,
          created_at: e.createdAt,
          created_by: who(e.createdBy),
          deleted_at: null,
        });
      }
      for (const c of m.comments) {
        rows.comment.push({
          ...inRound,
          id: idFor(c.id),
          body: c.body,
          author_id: who(c.author),
          created_at: c.createdAt,
          edited_at: c.editedAt,
          resolved_at: c.resolvedAt,
          resolved_by: who(c.resolvedBy),
          version: c.version,
          addressed_to: c.addressedTo ? who(c.addressedTo) : null,
        });
      }
    }
  }

  planOutcomes(doc, c, rows, { reviewId, themes: context.themes });
  planHistory(doc, c, rows);
  const statutory = planStatutory(doc, c, reviewId);
  return {
    reviewId,
    rows,
    statutory,
    droppedTeamMembers: dropped,
    unknownPeople: [...c.unknown].sort(),
    importerAddedAs,
  };
}

/**
 * An imported file's name and content type, decided as an upload's are: the type by sniffing the bytes
 * (checkImport has refused bytes of any other kind), the name made safe for that type. Without the
 * bytes (an export made without files) only a content type we accept is kept, and the name is cleaned.
 */
function importedFile(
  e: { kind: string; fileName: string | null; contentType: string | null },
  content: Buffer | null,
): { name: string | null; contentType: string | null } {
  if (e.kind !== 'file') return { name: null, contentType: null };
  const type = content ? sniffFileType(content) : TYPE_KEYS.find((k) => FILE_TYPES[k].mime === e.contentType);
  if (!type) {
    const name = e.fileName && displayableFileName(e.fileName.split(/[\\/]/).pop() ?? '').trim();
    return { name: name || null, contentType: null };
  }
  if (!content && e.fileName === null) return { name: null, contentType: FILE_TYPES[type].mime };
  return { name: safeFileName(e.fileName ?? '', type), contentType: FILE_TYPES[type].mime };
}

const TYPE_KEYS = Object.keys(FILE_TYPES) as FileTypeKey[];
