/**
 * A generated review's assessment rounds: planning, in-review and retrospective as far as the review has
 * got, each with a record for every marker of its framework and a response row for every question (as a
 * round started in the product has), judgements and rationales filled in as the panel would have.
 */
import type { AssessmentRoundTable, MarkerStatus, RoundPurpose, RoundStatus } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { SeededRandom } from '../../lib/seeded-random.js';
import type { FrameworkFile } from '../frameworks/framework.schema.js';
import { stampOf, type Timeline } from './demo.dates.js';
import type { DemoRows, DemoTeam } from './demo.model.js';
import { rationale, type TextContext } from './demo.text.js';

interface RoundPlan {
  purpose: RoundPurpose;
  status: RoundStatus;
  opened: number;
  decided?: number;
}

function plans(t: Timeline, rapid: boolean, rng: SeededRandom): RoundPlan[] {
  const last = t.asOf - 1;
  const openStatus = (): RoundStatus => (rng.chance(0.25) ? 'awaiting-sign-off' : 'open');
  const planningOpened = Math.min(t.created + rng.int(2, 10), last);
  if (t.stage === 'set-up' || (rapid && t.stage === 'running')) {
    return [{ purpose: 'planning', status: openStatus(), opened: planningOpened }];
  }
  const planning = { purpose: 'planning' as const, status: 'approved' as const, opened: planningOpened };
  const reviewEnd = t.finalReport ?? (rapid ? t.decision : t.asOf);
  const inReviewOpened = Math.min(Math.max(planningOpened + 14, reviewEnd - rng.int(30, 90)), last);
  const withDecided = (p: RoundPlan, from: number, to: number): RoundPlan => ({
    ...p,
    decided: Math.min(Math.max(from + 1, to), last),
  });
  const rounds = [withDecided(planning, planning.opened, planning.opened + rng.int(10, 25))];
  if (t.stage === 'running') {
    rounds.push({ purpose: 'in-review', status: openStatus(), opened: inReviewOpened });
    return rounds;
  }
  rounds.push(
    withDecided(
      { purpose: 'in-review', status: 'approved', opened: inReviewOpened },
      inReviewOpened,
      reviewEnd - rng.int(0, 10),
    ),
  );
  const retroOpened = Math.min(reviewEnd + rng.int(20, 60), last);
  const retro: RoundPlan = { purpose: 'retrospective', status: 'approved', opened: retroOpened };
  if (t.stage === 'outputs') rounds.push({ ...retro, status: openStatus() });
  else rounds.push(withDecided(retro, retroOpened, retroOpened + rng.int(14, 45)));
  return rounds;
}

/** How likely a marker is to be met, fixed per marker key so some markers are weaker across reviews. */
function markerStrength(seed: number, key: string): number {
  return 0.35 + SeededRandom.for(seed, 'marker', key).next() * 0.45;
}

function judgementFor(rng: SeededRandom, strength: number): string {
  const r = rng.next();
  if (r < 0.03) return 'not-applicable';
  if (r < 0.03 + strength) return 'met';
  return rng.chance(0.7) ? 'partly-met' : 'not-met';
}

const ANSWER_FOR: Record<string, readonly ('yes' | 'partly' | 'no' | 'not-applicable')[]> = {
  met: ['yes', 'yes', 'yes', 'partly'],
  'partly-met': ['yes', 'partly', 'partly', 'no'],
  'not-met': ['partly', 'no', 'no', 'no'],
  'not-applicable': ['not-applicable'],
};

export interface RoundsInput {
  seed: number;
  organisationId: string;
  reviewId: string;
  framework: FrameworkFile;
  timeline: Timeline;
  rapid: boolean;
  team: DemoTeam;
  text: TextContext;
}

export function generateRounds(rng: SeededRandom, input: RoundsInput, rows: DemoRows): void {
  const { framework, team, organisationId: org } = input;
  const markers = framework.stages.flatMap((s, stage) => s.markers.map((m) => ({ ...m, stage })));
  const scale = JSON.stringify(framework.scale);
  plans(input.timeline, input.rapid, rng).forEach((plan, i) => {
    const opened = stampOf(plan.opened, rng.int(0, 480));
    const decided = plan.decided === undefined ? undefined : stampOf(plan.decided, rng.int(0, 480));
    const round: AssessmentRoundTable = {
      id: newId(),
      organisation_id: org,
      review_id: input.reviewId,
      number: i + 1,
      purpose: plan.purpose,
      status: plan.status,
      scale,
      framework_version: framework.version,
      copied_from: rows.assessment_round.at(-1)?.review_id === input.reviewId ? rows.assessment_round.at(-1)!.id : null,
      sent_for_sign_off_at: plan.status === 'open' ? null : (decided ?? opened).toISOString(),
      sent_for_sign_off_by: plan.status === 'open' ? null : team.businessManager,
      decided_at: decided?.toISOString() ?? null,
      decided_by: decided ? team.chair : null,
      decision_comment: decided && rng.chance(0.3) ? 'Agreed at the panel meeting.' : null,
      version: decided ? 3 : 1,
      created_at: opened.toISOString(),
      created_by: team.businessManager,
      meeting_on: null,
    };
    rows.assessment_round.push(round);
    for (const marker of markers) {
      const early = plan.purpose === 'planning' && marker.stage === 2;
      const status: MarkerStatus = decided
        ? 'completed'
        : rng.weighted({ 'not-started': 3, 'in-progress': 4, 'ready-for-sign-off': 1.5, completed: 1.5 });
      const judgement =
        early || status === 'not-started'
          ? 'not-yet-assessed'
          : judgementFor(rng, markerStrength(input.seed, marker.key));
      const owner = rng.pick(team.assessors);
      const at = (decided ?? opened).toISOString();
      rows.marker_record.push({
        id: newId(),
        organisation_id: org,
        round_id: round.id,
        marker_key: marker.key,
        judgement,
        status,
        rationale: rationale(rng, judgement, input.text),
        owner_user_id: owner,
        version: status === 'not-started' ? 1 : 2,
        updated_at: at,
        updated_by: status === 'not-started' ? null : owner,
      });
      const answers = ANSWER_FOR[judgement];
      for (const q of marker.questions) {
        const answer = answers ? rng.pick(answers) : null;
        const note = answer && rng.chance(0.08) ? `See ${input.text.subject}’s chronology.` : '';
        rows.question_response.push({
          id: newId(),
          organisation_id: org,
          round_id: round.id,
          marker_key: marker.key,
          question_key: q.key,
          answer,
          note,
          version: answer ? 2 : 1,
          updated_at: at,
          updated_by: answer ? owner : null,
        });
      }
    }
  });
}
