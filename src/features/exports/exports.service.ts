/**
 * Exports of a whole review. Anyone who may read the review may export it; every export is audited
 * with who, which review and which format (never the content).
 */
import type { Kysely } from 'kysely';
import type { Database, ReviewType } from '../../db/schema.js';
import { NotFoundError } from '../../lib/errors.js';
import { londonDate } from '../../lib/uk-time.js';
import { recordAudit } from '../audit/audit.service.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { requireFramework } from '../frameworks/resolve.service.js';
import { clockContextOf, getReview, teamOf, type reviewClocks } from '../reviews/reviews.service.js';
import { reviewerToldOf } from '../reviews/clocks/reviewer-told.service.js';
import { SCOPE_SECTIONS } from '../reviews/scope.service.js';
import * as repo from './exports.repository.js';
import { buildReviewExport } from './review-export.build.js';
import { peopleInStatutory, statutoryParts } from './review-export.statutory.js';
import { statutorySections, type StatutorySection } from './export.statutory.js';
import { logoForDocuments } from '../reports/logo.service.js';
import { statutoryRows } from './statutory.repository.js';
import { PERSON_KEYS, type ReviewRows } from './review-export.rows.js';
import { HISTORY_RECORD_TYPES, type ReviewExport } from './review-export.schema.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

export const EXPORT_FORMATS = ['docx', 'xlsx', 'pdf', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);
}

export interface PartnershipLogo {
  contentType: 'image/png' | 'image/svg+xml';
  content: Buffer;
}

export interface LoadedExport {
  document: ReviewExport;
  /** The partnership's logo for title pages, when it has one. */
  logo: PartnershipLogo | null;
}

/** Reads the whole review (after checking the person may see it) into the export document. */
export async function loadReviewExport(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  reviewId: string,
  opts: { files?: boolean; now?: Date } = {},
): Promise<LoadedExport> {
  const review = await getReview(db, actor, reviewId, { audit: false });
  const org = actor.organisationId;
  const now = opts.now ?? new Date();
  const framework = await requireFramework(db, catalogue, org, review.framework_key, review.framework_version);
  const [partnership, logo, team, own, clocks, statutory, told] = await Promise.all([
    repo.partnership(db, org),
    logoForDocuments(db, org),
    teamOf(db, actor, reviewId),
    repo.reviewLevelRows(db, org, reviewId),
    clockContextOf(db, org, reviewId),
    statutoryRows(db, org, reviewId),
    reviewerToldOf(db, review),
  ]);
  const { scope, rounds, findings, actions, writtenResponse } = own;
  const roundIds = rounds.map((r) => r.id);
  const findingIds = findings.map((f) => f.id);
  const actionIds = actions.map((a) => a.id);
  const [markers, responses, evidence, comments, findingMarkers, findingThemes, progress, responseActions] =
    await Promise.all([
      repo.markerRows(db, org, roundIds),
      repo.responseRows(db, org, roundIds),
      repo.evidenceRows(db, org, roundIds, opts.files === true),
      repo.commentRows(db, org, roundIds),
      repo.findingMarkerRows(db, org, findingIds),
      repo.findingThemeRows(db, org, findingIds),
      repo.progressRows(db, org, actionIds),
      writtenResponse ? repo.responseActionRows(db, org, writtenResponse.id) : Promise.resolve([]),
    ]);
  const recordIds = [
    reviewId,
    ...scope.map((s) => s.id),
    ...roundIds,
    ...markers.map((m) => m.id),
    ...responses.map((q) => q.id),
    ...comments.map((c) => c.id),
    ...findingIds,
    ...actionIds,
    ...(writtenResponse ? [writtenResponse.id] : []),
  ];
  const revisions = await repo.revisionRows(db, org, HISTORY_RECORD_TYPES, recordIds);
  const rows: Omit<ReviewRows, 'names'> = {
    partnershipName: partnership?.name ?? '',
    review,
    clocks,
    clockChanges: own.clockChanges,
    reviewerNamed: told.reviewerName,
    team: team.map((m) => ({ name: m.name, email: m.email, role: m.role })),
    scope,
    scopeTitles: Object.fromEntries(SCOPE_SECTIONS.map((s) => [s.key, s.title])),
    rounds,
    markers,
    responses,
    evidence,
    comments,
    findings,
    findingMarkers,
    findingThemes,
    actions,
    progress,
    writtenResponse,
    responseActionIds: responseActions.map((r) => r.action_id),
    revisions,
    statutory,
  };
  const names = new Map((await repo.namesOf(db, peopleIn(rows))).map((p) => [p.id, p.name] as const));
  return {
    document: buildReviewExport({ ...rows, names }, framework, now, londonDate(now)),
    logo,
  };
}

/** Every account id the rows name, so one query finds their names. */
function peopleIn(rows: Omit<ReviewRows, 'names'>): string[] {
  const ids = new Set<string>();
  const add = (...values: (string | null | undefined)[]) => values.forEach((v) => v && ids.add(v));
  add(rows.review.created_by, rows.review.updated_by);
  rows.clockChanges.forEach((c) => add(c.created_by));
  rows.scope.forEach((s) => add(s.updated_by));
  rows.rounds.forEach((r) => add(r.created_by, r.sent_for_sign_off_by, r.decided_by));
  rows.markers.forEach((m) => add(m.owner_user_id, m.updated_by));
  rows.responses.forEach((q) => add(q.updated_by));
  rows.evidence.forEach((e) => add(e.created_by));
  rows.comments.forEach((c) => add(c.author_id, c.resolved_by));
  rows.findings.forEach((f) => add(f.created_by, f.updated_by));
  rows.actions.forEach((a) => add(a.owner_user_id, a.created_by, a.updated_by));
  rows.progress.forEach((p) => add(p.created_by));
  add(rows.writtenResponse?.agreed_by, rows.writtenResponse?.updated_by);
  add(...peopleInStatutory(rows.statutory));
  for (const r of rows.revisions) {
    add(r.changed_by);
    const data = JSON.parse(r.data) as Record<string, unknown>;
    for (const k of PERSON_KEYS) if (typeof data[k] === 'string') add(data[k]);
  }
  return [...ids];
}

export interface ExportRequest {
  format: ExportFormat;
  files?: boolean;
  /** CSV: which table, and which round (by number) for the markers table */
  table?: 'markers' | 'actions';
  round?: number;
}

/** Loads the review for an export and records the export in the audit log. */
export async function exportReview(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  reviewId: string,
  request: ExportRequest,
  now = new Date(),
): Promise<LoadedExport> {
  const loaded = await loadReviewExport(db, catalogue, actor, reviewId, { files: request.files, now });
  await recordAudit(
    db,
    actor,
    {
      action: 'review.exported',
      objectType: 'review',
      objectId: reviewId,
      detail: {
        format: request.format,
        files: request.files === true,
        ...(request.table ? { table: request.table } : {}),
        ...(request.round ? { round: request.round } : {}),
      },
    },
    now,
  );
  return loaded;
}

/** One round of the review for a meeting checklist; audited like every export. */
export async function roundChecklist(
  db: Db,
  catalogue: FrameworkCatalogue,
  actor: PartnershipActor,
  ids: { reviewId: string; roundId: string },
  filled: boolean,
  now = new Date(),
) {
  const { document } = await loadReviewExport(db, catalogue, actor, ids.reviewId, { now });
  const round = document.rounds.find((r) => r.id === ids.roundId);
  if (!round) throw new NotFoundError();
  await recordAudit(
    db,
    actor,
    {
      action: 'round.checklist_exported',
      objectType: 'assessment_round',
      objectId: round.id,
      detail: { format: 'docx', filled },
    },
    now,
  );
  return { document, round, filled };
}

/**
 * The statutory path of a review in plain words (export.statutory.ts), for the board report: the caller has
 * checked the person may read the review and worked out its clocks.
 */
export async function statutorySectionsOf(
  db: Db,
  review: { id: string; organisation_id: string; type: ReviewType },
  clocks: Pick<Awaited<ReturnType<typeof reviewClocks>>, 'regime' | 'timescales'>,
): Promise<StatutorySection[]> {
  const rows = await statutoryRows(db, review.organisation_id, review.id);
  const ids = [...new Set(peopleInStatutory(rows).filter((x): x is string => Boolean(x)))];
  const names = new Map((await repo.namesOf(db, ids)).map((p) => [p.id, p.name] as const));
  const parts = statutoryParts(rows, (userId) => (userId ? (names.get(userId) ?? null) : null));
  return statutorySections({
    type: review.type,
    ...parts,
    regime: clocks.regime,
    timescales: clocks.timescales.map((t) => ({
      title: t.title,
      rule: t.rule,
      statusText: t.statusText,
      detail: t.detail,
      changes: t.changes.map((c) => `${c.text}. Reason: ${c.reason}`),
    })),
  });
}
