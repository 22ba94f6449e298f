import type { Kysely } from 'kysely';
import type { AssessmentRoundTable, Database, ReviewTable } from '../../db/schema.js';
import { HttpError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { compareVersions, type FrameworkCatalogue } from '../frameworks/frameworks.service.js';
import { frameworkVersions } from '../frameworks/resolve.service.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { authorize } from '../reviews/policy.js';
import { getReview, repinFramework, type Review } from '../reviews/reviews.service.js';
import {
  isJudged,
  reviewRoundRows,
  roundRecords,
  roundResponses,
  startRound,
  type StartedRound,
} from '../assessments/records/assessments.service.js';
import * as repo from './move.repository.js';
import { planMove, type MarkerItem, type MovePlan, type QuestionItem } from './move.plan.js';
import type { PartnershipActor } from '../../plugins/auth.js';

type Db = Kysely<Database>;

/** Work in the latest round that new rounds would no longer show. */
export interface LeftBehind {
  answers: number;
  judgements: number;
  evidence: number;
  comments: number;
}

export interface MovePreview extends MovePlan {
  /** The round a new round would be copied from, and what of it stays behind. */
  latestRound: Pick<AssessmentRoundTable, 'id' | 'number' | 'purpose' | 'status' | 'framework_version'> | null;
  droppedMarkers: (MarkerItem & { leftBehind: LeftBehind })[];
  droppedQuestions: (QuestionItem & { answered: boolean })[];
  leftBehind: LeftBehind;
}

export interface MoveChoices {
  review: Review;
  current: FrameworkFile | undefined;
  /** Versions newer than the review's, visible to the partnership, newest first. */
  newer: FrameworkFile[];
  canMove: boolean;
}

/** The review, the version it is on, and the newer versions it could move to. */
export async function moveChoices(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  catalogue: FrameworkCatalogue,
): Promise<MoveChoices> {
  const review = await getReview(db, actor, reviewId);
  const versions = await frameworkVersions(db, catalogue, actor.organisationId, review.framework_key);
  return {
    review,
    current: versions.find((v) => v.version === review.framework_version),
    newer: versions.filter((v) => compareVersions(v.version, review.framework_version) > 0),
    // Business managers, chairs and partnership admins move a review; the rest of the team may look.
    canMove: authorize(actor, 'framework.move', review.access),
  };
}

export function requireMayMove(choices: MoveChoices) {
  if (!choices.canMove) {
    throw new HttpError(403, 'Only the business manager, the chair or a partnership admin can move the review');
  }
}

export type Target = { ok: true; framework: FrameworkFile } | { ok: false; error: string };

/** The version chosen, if the review may move to it: it must exist and be newer than the review's. */
export function chooseTarget(choices: MoveChoices, version: string): Target {
  if (!version) return { ok: false, error: 'Select the version to move to' };
  const framework = choices.newer.find((v) => v.version === version);
  if (framework) return { ok: true, framework };
  if (version === choices.review.framework_version) {
    return { ok: false, error: `The review already uses version ${version}` };
  }
  if (compareVersions(version, choices.review.framework_version) < 0 && /^\d+\.\d+\.\d+$/.test(version)) {
    return {
      ok: false,
      error: `Version ${version} is older than version ${choices.review.framework_version}: a review only moves to a newer version`,
    };
  }
  return { ok: false, error: `There is no version ${version} of this framework` };
}

const none = (): LeftBehind => ({ answers: 0, judgements: 0, evidence: 0, comments: 0 });

/** What moving to `target` would carry over, add and drop, and what of the latest round stays behind. */
export async function previewMove(
  db: Db,
  actor: PartnershipActor,
  choices: MoveChoices,
  target: FrameworkFile,
): Promise<MovePreview> {
  if (!choices.current) throw new HttpError(500, 'The version this review uses is not available');
  const plan = planMove(choices.current, target);
  const all = await reviewRoundRows(db, actor, choices.review.id);
  const latest = all.at(-1) ?? null;
  const [records, responses, threads] = latest
    ? await Promise.all([
        roundRecords(db, actor, latest.id),
        roundResponses(db, actor, latest.id),
        repo.threadCounts(db, actor.organisationId, latest.id),
      ])
    : [[], [], { evidence: new Map<string, number>(), comments: new Map<string, number>() }];
  const answered = new Set(
    responses.filter((r) => r.answer !== null || r.note.trim()).map((r) => `${r.marker_key}/${r.question_key}`),
  );
  const judged = new Set(records.filter((r) => isJudged(r.judgement) || r.rationale.trim()).map((r) => r.marker_key));
  const droppedMarkers = plan.markers.dropped.map((m) => ({
    ...m,
    leftBehind: {
      answers: [...answered].filter((id) => id.startsWith(`${m.key}/`)).length,
      judgements: judged.has(m.key) ? 1 : 0,
      evidence: threads.evidence.get(m.key) ?? 0,
      comments: threads.comments.get(m.key) ?? 0,
    },
  }));
  const droppedQuestions = plan.questions.dropped.map((q) => ({
    ...q,
    answered: answered.has(`${q.markerKey}/${q.key}`),
  }));
  const leftBehind = droppedMarkers.reduce((sum, m) => {
    for (const k of Object.keys(sum) as (keyof LeftBehind)[]) sum[k] += m.leftBehind[k];
    return sum;
  }, none());
  leftBehind.answers += droppedQuestions.filter((q) => q.answered).length;
  return {
    ...plan,
    latestRound: latest && {
      id: latest.id,
      number: latest.number,
      purpose: latest.purpose,
      status: latest.status,
      framework_version: latest.framework_version,
    },
    droppedMarkers,
    droppedQuestions,
    leftBehind,
  };
}

export type MoveResult =
  { ok: true; review: ReviewTable; round: StartedRound | null } | { ok: false; conflict: ReviewTable };

/**
 * Moves the review to a newer version: rounds started from now on use it; every existing round keeps
 * the version it was made with. With `startRound`, a new round copies the latest one's answers to the
 * questions carried over. The review must still be at the version the person read.
 */
export async function applyMove(
  db: Db,
  actor: PartnershipActor,
  choices: MoveChoices,
  target: FrameworkFile,
  input: { reviewVersion: number; startRound: boolean },
  now = new Date(),
): Promise<MoveResult> {
  requireMayMove(choices);
  const preview = await previewMove(db, actor, choices, target);
  const review = choices.review;
  return db.transaction().execute(async (trx) => {
    const saved = await repinFramework(trx, actor, review.id, input.reviewVersion, target.version, now);
    if (!saved.ok) return saved;
    const latest = preview.latestRound;
    const round =
      input.startRound && latest
        ? await startRound(
            trx,
            actor,
            review.id,
            { purpose: latest.purpose, copyFrom: latest.id },
            target,
            now,
            (markerKey, questionKey) => preview.sources[`${markerKey}/${questionKey}`],
          )
        : null;
    await recordAudit(
      trx,
      actor,
      {
        action: 'review.framework_moved',
        objectType: 'review',
        objectId: review.id,
        detail: { from: review.framework_version, to: target.version, roundStarted: Boolean(round) },
      },
      now,
    );
    return { ok: true, review: saved.record, round };
  });
}
