import type { Kysely } from 'kysely';
import type { ActionStatus, Database, MarkerStatus } from '../../db/schema.js';
import { NotFoundError } from '../../lib/errors.js';
import { proseBlocks } from '../../lib/prose-blocks.js';
import { formatDate, longDate } from '../../lib/uk-time.js';
import {
  ANSWERS,
  listRounds,
  MARKER_STATUSES,
  ROUND_PURPOSES,
  roundRecords,
  roundResponses,
  type Round,
} from '../assessments/records/assessments.service.js';
import { listEvidence } from '../evidence/evidence.service.js';
import { frameworkOf, frameworkOfRound } from '../assessments/rounds/overview.service.js';
import type { FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { ACTION_KINDS, ACTION_STATUSES, FINDING_KINDS, listActions } from '../actions/actions.service.js';
import { getWrittenResponse } from '../actions/response.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import {
  getReview,
  reviewClocks,
  REVIEW_METHODS,
  REVIEW_ROLES,
  REVIEW_STATUSES,
  REVIEW_TYPES,
  teamOf,
} from '../reviews/reviews.service.js';
import { ROUND_STATUS_TEXT } from '../reviews/list.service.js';
import { actionsChart, judgementsChart, progressChart, viewOf, type StageFigures } from './report-charts.js';
import { EXPORT_FORMATS, OPEN_ANSWERS, RAG_LABELS, RESPONSE_STATUSES } from './report-labels.js';
import { overviewOf } from './report-overview.js';
import { statutorySectionsOf } from '../exports/exports.service.js';
import * as repo from './reports.repository.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

export { EXPORT_FORMATS };

const OPEN_STATUSES: ActionStatus[] = ['not-started', 'in-progress'];

/**
 * Everything a board report shows for a review and one of its rounds (the latest unless one is
 * named). Anyone who may read the review may read its report; reading it is audited.
 */
export async function boardReport(
  db: Db,
  actor: PartnershipActor,
  catalogue: FrameworkCatalogue,
  input: { reviewId: string; roundId?: string; today: string; showUnanswered?: boolean; download?: 'pdf' },
) {
  const review = await getReview(db, actor, input.reviewId, { audit: false });
  const rounds = await listRounds(db, actor, review.id);
  const round = input.roundId ? rounds.find((r) => r.id === input.roundId) : rounds.at(-1);
  if (input.roundId && !round) throw new NotFoundError();
  // A round is judged against the framework version it was made with, which may be older than the review's.
  const framework = round
    ? await frameworkOfRound(db, actor, review, round, catalogue)
    : await frameworkOf(db, actor, review.id, catalogue);
  const organisation = await getOrganisation(db, actor.organisationId);
  const [team, stages, findings, actions, logo] = await Promise.all([
    teamOf(db, actor, review.id),
    round ? stagesOf(db, actor, round, framework, input.showUnanswered === true) : Promise.resolve([]),
    findingsOf(db, actor, review.id, framework),
    actionsOf(db, actor, review.id, input.today),
    repo.hasLogo(db, actor.organisationId),
  ]);
  const response = await responseOf(db, actor, review.id, actions);
  const figures: StageFigures[] = stages.map((s) => ({
    title: s.title,
    judgements: s.markers.map((m) => m.judgementKey),
    statuses: s.markers.map((m) => m.statusKey),
  }));
  await recordAudit(db, actor, {
    action: input.download ? 'report.downloaded' : 'report.viewed',
    objectType: 'review',
    objectId: review.id,
    detail:
      round || input.download
        ? { ...(round ? { round: round.id } : {}), ...(input.download ? { format: input.download } : {}) }
        : undefined,
  });
  const keyDates = await reviewClocks(db, review, input.today);
  // The page and the PDF show the timescales from keyDates; the other sections of the statutory path here.
  const statutory = (await statutorySectionsOf(db, review, keyDates)).filter((s) => s.id !== 'timescales');
  const roundView = round && {
    id: round.id,
    number: round.number,
    purpose: ROUND_PURPOSES[round.purpose].label,
    statusText: ROUND_STATUS_TEXT[round.status],
    signedOff: round.locked,
    isLatest: round.id === rounds.at(-1)?.id,
  };
  return {
    organisation: { name: organisation.name, hasLogo: Boolean(logo) },
    review,
    summary: {
      type: REVIEW_TYPES[review.type],
      method: review.method === 'other' ? (review.method_other ?? 'Other') : (REVIEW_METHODS[review.method] ?? ''),
      status: REVIEW_STATUSES[review.status],
      framework: { title: framework.title, version: round?.framework_version ?? review.framework_version },
      team: team.map((m) => ({ name: m.name, role: REVIEW_ROLES[m.role] })),
    },
    keyDates,
    statutory,
    overview: overviewOf({
      round: roundView ?? null,
      markerStatuses: stages.flatMap((s) => s.markers.map((m) => m.statusKey)),
      timescales: keyDates.timescales,
      findings,
      actions,
    }),
    showUnanswered: input.showUnanswered === true,
    rounds: rounds.map((r) => ({ id: r.id, number: r.number, purpose: ROUND_PURPOSES[r.purpose].label })),
    round: roundView,
    stages,
    charts: round
      ? {
          judgements: viewOf(judgementsChart(figures, round.scaleOptions)),
          progress: viewOf(progressChart(figures, MARKER_STATUSES)),
        }
      : null,
    findings,
    actions: {
      reviewTasks: actions.filter((a) => a.kind === 'review-task'),
      improvements: actions.filter((a) => a.kind === 'improvement'),
      overdue: actions.filter((a) => a.overdue).length,
      chart: actions.length ? viewOf(actionsChart(actions)) : null,
    },
    response,
    generatedOn: formatDate(input.today),
  };
}

/** The partnership's logo for the report's PDF, if it has one (reading the report has checked access). */
export async function reportLogo(db: Db, actor: PartnershipActor) {
  const row = await repo.findLogo(db, actor.organisationId);
  return row ? { contentType: row.content_type, content: Buffer.from(row.content) } : null;
}

export type BoardReport = Awaited<ReturnType<typeof boardReport>>;

async function stagesOf(
  db: Db,
  actor: PartnershipActor,
  round: Round,
  framework: Awaited<ReturnType<typeof frameworkOf>>,
  showUnanswered: boolean,
) {
  const judgementLabels = Object.fromEntries(round.scaleOptions.map((o) => [o.key, o.label]));
  const records = new Map((await roundRecords(db, actor, round.id)).map((r) => [r.marker_key, r]));
  const responses = await roundResponses(db, actor, round.id);
  return Promise.all(
    framework.stages.map(async (stage) => ({
      key: stage.key,
      title: stage.title,
      // A round has a record for each marker it covers; the others are named, not reported on.
      notInRound: stage.markers
        .filter((m) => !records.has(m.key))
        .map((m) => `${m.number}. ${m.title}`)
        .join('; '),
      markers: await Promise.all(
        stage.markers
          .filter((m) => records.has(m.key))
          .map(async (marker) => {
            const record = records.get(marker.key);
            const judgementKey = record?.judgement ?? 'not-yet-assessed';
            const statusKey: MarkerStatus = record?.status ?? 'not-started';
            const evidence = record ? await listEvidence(db, actor, { round, record }) : [];
            const answers = new Map(
              responses.filter((r) => r.marker_key === marker.key).map((r) => [r.question_key, r]),
            );
            return {
              key: marker.key,
              number: marker.number,
              title: marker.title,
              judgementKey,
              judgement: judgementLabels[judgementKey] ?? judgementKey,
              statusKey,
              status: MARKER_STATUSES[statusKey],
              rationale: record?.rationale ?? '',
              rationaleBlocks: proseBlocks(record?.rationale ?? ''),
              evidence: evidence.map((e) => ({
                kind: e.kind,
                title: e.title,
                url: e.url,
                fileName: e.fileName,
                typeLabel: e.typeLabel,
                sizeText: e.sizeText,
              })),
              // Left out unless asked for: on paper they can double a report's length.
              openQuestions: showUnanswered
                ? marker.questions
                    .map((q, i) => ({ number: i + 1, text: q.text, answer: answers.get(q.key)?.answer ?? null }))
                    .filter((q) => OPEN_ANSWERS.includes(q.answer))
                    .map((q) => ({ ...q, answer: q.answer ? ANSWERS[q.answer] : 'Not answered' }))
                : [],
            };
          }),
      ),
    })),
  );
}

async function findingsOf(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  framework: Awaited<ReturnType<typeof frameworkOf>>,
) {
  const markers = new Map(framework.stages.flatMap((s) => s.markers).map((m) => [m.key, m]));
  const [rows, links, themes] = await Promise.all([
    repo.findingsOf(db, actor.organisationId, reviewId),
    repo.findingMarkersOf(db, actor.organisationId, reviewId),
    repo.findingThemesOf(db, actor.organisationId, reviewId),
  ]);
  return rows.map((f) => ({
    id: f.id,
    kind: FINDING_KINDS[f.kind],
    kindKey: f.kind,
    number: f.number,
    text: f.text,
    blocks: proseBlocks(f.text),
    markers: links
      .filter((l) => l.finding_id === f.id)
      .map((l) => markers.get(l.marker_key))
      .filter((m) => m !== undefined)
      .sort((a, b) => a.number - b.number)
      .map((m) => `${m.number}. ${m.title}`),
    themes: themes.filter((t) => t.finding_id === f.id).map((t) => t.label),
  }));
}

async function actionsOf(db: Db, actor: PartnershipActor, reviewId: string, today: string) {
  const rows = await listActions(db, actor.organisationId, reviewId);
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    number: a.number,
    title: a.title,
    owner: a.owner_name,
    agencies: a.agencies,
    due: a.due_date ? formatDate(a.due_date) : 'No due date',
    status: a.status,
    statusText: ACTION_STATUSES[a.status],
    rag: a.rag,
    ragText: RAG_LABELS[a.rag ?? 'none'],
    overdue: Boolean(a.due_date && a.due_date < today && OPEN_STATUSES.includes(a.status)),
    kindText: ACTION_KINDS[a.kind],
  }));
}

async function responseOf(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  actions: { id: string; number: number; title: string }[],
) {
  const row = await getWrittenResponse(db, actor.organisationId, reviewId);
  if (!row) return null;
  const ids = new Set(row.actionIds);
  return {
    status: RESPONSE_STATUSES[row.status],
    agreedOn: row.agreed_at ? longDate(row.agreed_at) : null,
    text: row.text,
    blocks: proseBlocks(row.text),
    version: row.version,
    actions: actions.filter((a) => ids.has(a.id)).map((a) => ({ number: a.number, title: a.title })),
  };
}
