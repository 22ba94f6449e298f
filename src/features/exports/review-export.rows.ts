/** The rows of a review that the export is built from, and the keys both the export and the import use. */
import type { Database, ReviewMemberTable, ReviewTable } from '../../db/schema.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import type { ClockContext } from '../reviews/timescales.js';
import { KEY_DATES, type KeyDateColumn } from '../reviews/key-dates.js';
import type { KeyDateName } from './review-export.schema.js';
import type { StatutoryRows } from './statutory.repository.js';

export type Row<T extends keyof Database> = Database[T];

export interface ReviewRows {
  partnershipName: string;
  review: ReviewTable;
  /** The partnership's SAR target and the review's extensions and pauses */
  clocks: ClockContext;
  clockChanges: Row<'review_clock_change'>[];
  /** Children: the reviewer the Panel was told of, if recorded */
  reviewerNamed: string | null;
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
  /** Where the review came from, its status moves and its publication record */
  statutory: StatutoryRows;
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

/** An account id's name, or null. */
export type Who = (userId: string | null) => string | null;

export const groupBy = <T>(rows: T[], keyOf: (r: T) => string) => {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
};

/** Sort keys for markers and questions: their order in the framework. */
export function frameworkOrder(framework: FrameworkFile) {
  const markerOrder = new Map(framework.stages.flatMap((s) => s.markers).map((m, i) => [m.key, i] as const));
  const questionOrder = new Map(
    framework.stages.flatMap((s) =>
      s.markers.flatMap((m) => m.questions.map((q, i) => [`${m.key}/${q.key}`, i] as const)),
    ),
  );
  return {
    marker: (key: string) => markerOrder.get(key) ?? Number.MAX_SAFE_INTEGER,
    question: (markerKey: string, key: string) => questionOrder.get(`${markerKey}/${key}`) ?? Number.MAX_SAFE_INTEGER,
  };
}
