import type { Kysely } from 'kysely';
import type { Database, MarkerRecordTable } from '../../../db/schema.js';
import type { FrameworkCatalogue } from '../../frameworks/frameworks.service.js';
import { requireFramework } from '../../frameworks/resolve.service.js';
import type { FrameworkFile, Marker, Stage } from '../../frameworks/framework.schema.js';
import { getReview, teamOf, type Review } from '../../reviews/reviews.service.js';
import { NO_JUDGEMENT, NO_JUDGEMENT_LABEL } from '../records/assessments.options.js';
import { getRound, roundStatuses, type Round, type StartedRound } from '../records/assessments.service.js';
import { allMarkerKeys } from './round-markers.js';
import type { PartnershipActor } from '../../../plugins/auth.js';

type Db = Kysely<Database>;

export type { FrameworkCatalogue };

/** The framework version the review is pinned to now: the one new rounds are made with. */
export async function frameworkOf(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  catalogue: FrameworkCatalogue,
): Promise<FrameworkFile> {
  const review = await getReview(db, actor, reviewId, { audit: false });
  return requireFramework(db, catalogue, actor.organisationId, review.framework_key, review.framework_version);
}

/**
 * The framework version a round was made with. A round keeps it when its review moves to a newer
 * version, so past work always reads as it was done.
 */
export async function frameworkOfRound(
  db: Db,
  actor: PartnershipActor,
  review: Pick<Review, 'framework_key'>,
  round: Pick<Round, 'framework_version'>,
  catalogue: FrameworkCatalogue,
): Promise<FrameworkFile> {
  return requireFramework(db, catalogue, actor.organisationId, review.framework_key, round.framework_version);
}

/** A round with the keys of the markers it covers, in the framework's order (for the API). */
export async function roundWithMarkers(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  roundId: string,
  catalogue: FrameworkCatalogue,
): Promise<StartedRound> {
  const { review, round } = await getRound(db, actor, reviewId, roundId);
  const framework = await frameworkOfRound(db, actor, review, round, catalogue);
  const covered = new Set((await roundStatuses(db, actor, roundId)).map((r) => r.marker_key));
  return { ...round, markerKeys: allMarkerKeys(framework).filter((k) => covered.has(k)) };
}

export interface StageProgress {
  stage: Stage;
  /** Every marker of the stage; one with no record is not in this round. */
  markers: { marker: Marker; record: Pick<MarkerRecordTable, 'status' | 'judgement'> | undefined }[];
  /** How many of the stage's markers the round covers, and how many of those are completed. */
  inRound: number;
  completed: number;
  percent: number;
}

/**
 * A round's task list: every marker by stage, with its status and judgement, and progress per stage.
 * Progress and the markers not completed count only the markers the round covers.
 */
export async function roundOverview(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  roundId: string,
  catalogue: FrameworkCatalogue,
) {
  const { review, round } = await getRound(db, actor, reviewId, roundId);
  const framework = await frameworkOfRound(db, actor, review, round, catalogue);
  const records = new Map((await roundStatuses(db, actor, roundId)).map((r) => [r.marker_key, r]));
  const stages: StageProgress[] = framework.stages.map((stage) => {
    const markers = stage.markers.map((marker) => ({ marker, record: records.get(marker.key) }));
    const inRound = markers.filter((m) => m.record).length;
    const completed = markers.filter((m) => m.record?.status === 'completed').length;
    return { stage, markers, inRound, completed, percent: inRound ? Math.round((completed / inRound) * 100) : 0 };
  });
  const notCompleted = stages.flatMap((s) => s.markers.filter((m) => m.record && m.record.status !== 'completed'));
  const progress = {
    total: stages.reduce((n, s) => n + s.inRound, 0),
    completed: stages.reduce((n, s) => n + s.completed, 0),
    notCompleted: notCompleted.map((m) => `${m.marker.number}. ${m.marker.title}`),
    notCompletedMarkers: notCompleted.map((m) => ({
      key: m.marker.key,
      number: m.marker.number,
      title: m.marker.title,
    })),
    notInRound: stages.reduce((n, s) => n + s.markers.length - s.inRound, 0),
  };
  return { review, round, framework, stages, progress, judgementLabels: labelsOf(round) };
}

/**
 * Everything the round page shows that can change: the review (with the person's access), the round
 * and each marker's title, status and judgement. The page is rendered once per key (see ViewOptions).
 */
export function overviewMemoKey(o: Pick<Awaited<ReturnType<typeof roundOverview>>, 'review' | 'round' | 'stages'>) {
  return JSON.stringify([
    o.review,
    o.round,
    o.stages.map((s) => [
      s.stage.key,
      s.stage.title,
      s.markers.map((m) => [m.marker.key, m.marker.number, m.marker.title, m.record?.status, m.record?.judgement]),
    ]),
  ]);
}

/** The words for each judgement key of the round, and for a marker no one has judged yet. */
export function labelsOf(round: Round): Record<string, string> {
  return { [NO_JUDGEMENT]: NO_JUDGEMENT_LABEL, ...Object.fromEntries(round.scaleOptions.map((o) => [o.key, o.label])) };
}

export async function teamFor(db: Db, actor: PartnershipActor, reviewId: string) {
  return teamOf(db, actor, reviewId);
}
