/**
 * Turns a review's rows into the ReviewExport document. Pure: rows, names and the framework go in,
 * the document comes out; the service reads the rows and checks who may have them.
 */
import type { Database, ReviewMemberTable, ReviewRole, ReviewTable } from '../../db/schema.js';
import { KEY_DATES, timescalesFor, type KeyDateColumn } from '../reviews/timescales.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import {
  EXPORT_FORMAT,
  EXPORT_FORMAT_VERSION,
  HISTORY_RECORD_TYPES,
  type ExportHistory,
  type KeyDateName,
  type ReviewExport,
} from './review-export.schema.js';

type Row<T extends keyof Database> = Database[T];

export interface ReviewRows {
  partnershipName: string;
  review: ReviewTable;
  team: (Pick<ReviewMemberTable, 'role'> & { name: string; email: string })[];
  scope: Row<'review_scope'>[];
  scopeTitles: Record<string, string>;
  rounds: Row<'assessment_round'>[];
  markers: Row<'marker_record'>[];
  responses: Row<'question_response'>[];
  evidence: (Omit<Row<'evidence'>, 'organisation_id' | 'deleted_at' | 'content'> & { content?: Buffer | null })[];
  comments: Row<'comment'>[];
  findings: Row<'finding'>[];
  findingMarkers: { finding_id: string; marker_key: string }[];
  findingThemes: { finding_id: string; label: string }[];
  actions: Row<'action'>[];
  progress: Row<'action_progress'>[];
  writtenResponse: Row<'written_response'> | undefined;
  responseActionIds: string[];
  revisions: Pick<Row<'revision'>, 'record_type' | 'record_id' | 'version' | 'data' | 'changed_at' | 'changed_by'>[];
  /** Account id → name */
  names: Map<string, string>;
}

/** Keys of a record that name other records: left out of history, put back on import. */
export const ID_KEYS = [
  'id',
  'organisation_id',
  'review_id',
  'round_id',
  'finding_id',
  'action_id',
  'response_id',
  'copied_from',
] as const;
/** Keys of a record that hold an account id: a name in the export. */
export const PERSON_KEYS = [
  'created_by',
  'updated_by',
  'owner_user_id',
  'author_id',
  'resolved_by',
  'agreed_by',
  'sent_for_sign_off_by',
  'decided_by',
] as const;

export const KEY_DATE_COLUMNS: Record<KeyDateName, KeyDateColumn> = Object.fromEntries(
  KEY_DATES.map((k) => [k.name, k.column]),
) as Record<KeyDateName, KeyDateColumn>;

const groupBy = <T>(rows: T[], keyOf: (r: T) => string) => {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
};

export function buildReviewExport(rows: ReviewRows, framework: FrameworkFile, now: Date, today: string): ReviewExport {
  const who = (userId: string | null) => (userId ? (rows.names.get(userId) ?? null) : null);
  const r = rows.review;
  const markerOrder = new Map(framework.stages.flatMap((s) => s.markers).map((m, i) => [m.key, i] as const));
  const questionOrder = new Map(
    framework.stages.flatMap((s) =>
      s.markers.flatMap((m) => m.questions.map((q, i) => [`${m.key}/${q.key}`, i] as const)),
    ),
  );
  const byMarker = (key: string) => markerOrder.get(key) ?? Number.MAX_SAFE_INTEGER;
  const responses = groupBy(rows.responses, (x) => `${x.round_id}/${x.marker_key}`);
  const evidence = groupBy(rows.evidence, (x) => `${x.round_id}/${x.marker_key}`);
  const comments = groupBy(rows.comments, (x) => `${x.round_id}/${x.marker_key}`);
  const markers = groupBy(rows.markers, (x) => x.round_id);
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
      timescales: timescalesFor(r, today).map((t) => ({
        key: t.key,
        title: t.title,
        rule: t.rule,
        start: t.start,
        due: t.due,
        done: t.done,
        status: t.status,
        detail: t.detail,
      })),
      version: Number(r.version),
      createdAt: r.created_at,
      createdBy: who(r.created_by),
      updatedAt: r.updated_at,
      updatedBy: who(r.updated_by),
    },
    team: rows.team.map((m) => ({ name: m.name, email: m.email, role: m.role as ReviewRole })),
    scope: [...rows.scope]
      .sort((a, b) => a.section.localeCompare(b.section))
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
    rounds: rows.rounds.map((round) => ({
      id: round.id,
      number: Number(round.number),
      purpose: round.purpose,
      status: round.status,
      scale: JSON.parse(round.scale) as ReviewExport['rounds'][number]['scale'],
      copiedFrom: round.copied_from,
      signOff: {
        sentAt: round.sent_for_sign_off_at,
        sentBy: who(round.sent_for_sign_off_by),
        decidedAt: round.decided_at,
        decidedBy: who(round.decided_by),
        decisionComment: round.decision_comment,
      },
      version: Number(round.version),
      createdAt: round.created_at,
      createdBy: who(round.created_by),
      markers: (markers.get(round.id) ?? [])
        .sort((a, b) => byMarker(a.marker_key) - byMarker(b.marker_key) || a.marker_key.localeCompare(b.marker_key))
        .map((m) => {
          const at = `${round.id}/${m.marker_key}`;
          const qIndex = (k: string) => questionOrder.get(`${m.marker_key}/${k}`) ?? Number.MAX_SAFE_INTEGER;
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
                (a, b) =>
                  qIndex(a.question_key) - qIndex(b.question_key) || a.question_key.localeCompare(b.question_key),
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
            })),
          };
        }),
    })),
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
      agencies: parseAgencies(a.agencies),
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
  };
}

function parseAgencies(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

/** Earlier versions by kind of record, oldest first; ids left out and people named. */
function historyOf(revisions: ReviewRows['revisions'], who: (id: string | null) => string | null): ExportHistory[] {
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
