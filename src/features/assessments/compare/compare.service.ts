import type { Kysely } from 'kysely';
import type { Answer, Database, MarkerRecordTable, QuestionResponseTable } from '../../../db/schema.js';
import { recordAudit } from '../../audit/audit.service.js';
import type { FrameworkFile, Marker, Stage } from '../../frameworks/framework.schema.js';
import { getReview } from '../../reviews/reviews.service.js';
import { recordsOf, responsesOf } from '../records/assessments.repository.js';
import { getRound, listRounds, type Round } from '../records/assessments.service.js';
import type { PartnershipActor } from '../../../plugins/auth.js';

type Db = Kysely<Database>;

export interface AnswerDifference {
  number: number;
  text: string;
  a: { answer: Answer | null; note: string } | null;
  b: { answer: Answer | null; note: string } | null;
}

export interface MarkerComparison {
  marker: Marker;
  a: MarkerRecordTable | null;
  b: MarkerRecordTable | null;
  statusChanged: boolean;
  judgementChanged: boolean;
  changed: boolean;
  answers: AnswerDifference[];
}

export interface StageComparison {
  stage: Stage;
  markers: MarkerComparison[];
  changedCount: number;
}

export interface RoundComparison {
  a: Round;
  b: Round;
  stages: StageComparison[];
}

/** The review and its rounds, to choose two from. */
export async function comparisonChoices(db: Db, actor: PartnershipActor, reviewId: string) {
  const review = await getReview(db, actor, reviewId, { audit: false });
  return { review, rounds: await listRounds(db, actor, reviewId) };
}

/**
 * The markers to show for two rounds that may have been made with different versions of the framework:
 * the later round's stages and markers, each with any questions only the earlier version had, then the
 * markers only the earlier version had. Matched by stable keys.
 */
export function mergedStages(earlier: FrameworkFile, later: FrameworkFile): Stage[] {
  if (earlier === later) return later.stages;
  const earlierMarkers = new Map(earlier.stages.flatMap((s) => s.markers).map((m) => [m.key, m]));
  const laterKeys = new Set(later.stages.flatMap((s) => s.markers.map((m) => m.key)));
  const stages = later.stages.map((stage) => ({
    ...stage,
    markers: stage.markers.map((marker) => {
      const keys = new Set(marker.questions.map((q) => q.key));
      const gone = (earlierMarkers.get(marker.key)?.questions ?? []).filter((q) => !keys.has(q.key));
      return gone.length ? { ...marker, questions: [...marker.questions, ...gone] } : marker;
    }),
  }));
  const onlyEarlier = [...earlierMarkers.values()].filter((m) => !laterKeys.has(m.key));
  if (onlyEarlier.length) {
    stages.push({ key: 'earlier-version-only', title: `Only in version ${earlier.version}`, markers: onlyEarlier });
  }
  return stages;
}

const answerOf = (r: QuestionResponseTable | undefined) => (r ? { answer: r.answer, note: r.note } : null);

/**
 * Two rounds of one review side by side: each marker's status and judgement in both, whether either
 * changed, and the answers (or notes) that differ. Reading it is recorded, like any read of content.
 */
export async function compareRounds(
  db: Db,
  actor: PartnershipActor,
  reviewId: string,
  ids: { a: string; b: string },
  frameworkOf: (round: Round) => Promise<FrameworkFile>,
  now = new Date(),
): Promise<RoundComparison> {
  const { round: a } = await getRound(db, actor, reviewId, ids.a, false);
  const { round: b } = await getRound(db, actor, reviewId, ids.b, false);
  const records = async (roundId: string) =>
    new Map((await recordsOf(db, actor.organisationId, roundId)).map((r) => [r.marker_key, r]));
  const responses = async (roundId: string) =>
    new Map(
      (await responsesOf(db, actor.organisationId, roundId)).map((r) => [`${r.marker_key}/${r.question_key}`, r]),
    );
  const [recordsA, recordsB, responsesA, responsesB] = [
    await records(a.id),
    await records(b.id),
    await responses(a.id),
    await responses(b.id),
  ];
  const [first, second] = a.number < b.number ? [a, b] : [b, a];
  const structure = mergedStages(await frameworkOf(first), await frameworkOf(second));
  const stages = structure.map((stage) => {
    const markers = stage.markers.map((marker): MarkerComparison => {
      const ra = recordsA.get(marker.key) ?? null;
      const rb = recordsB.get(marker.key) ?? null;
      const statusChanged = ra?.status !== rb?.status;
      const judgementChanged = ra?.judgement !== rb?.judgement;
      const answers = marker.questions
        .map((q, i) => ({
          number: i + 1,
          text: q.text,
          a: answerOf(responsesA.get(`${marker.key}/${q.key}`)),
          b: answerOf(responsesB.get(`${marker.key}/${q.key}`)),
        }))
        .filter((d) => d.a?.answer !== d.b?.answer || (d.a?.note ?? '') !== (d.b?.note ?? ''));
      return {
        marker,
        a: ra,
        b: rb,
        statusChanged,
        judgementChanged,
        changed: statusChanged || judgementChanged,
        answers,
      };
    });
    return { stage, markers, changedCount: markers.filter((m) => m.changed).length };
  });
  await recordAudit(
    db,
    actor,
    { action: 'rounds.compared', objectType: 'review', objectId: reviewId, detail: { roundA: a.id, roundB: b.id } },
    now,
  );
  return { a, b, stages };
}
