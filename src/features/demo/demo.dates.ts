/**
 * When a generated review happened and where it has got to: its key dates and status follow from how long
 * ago its decision was, with some reviews late, as in life. Pure: a function of the random stream and
 * the "as of" date, so a run is the same whenever it is made with the same --as-of.
 */
import type { ReviewStatus, ReviewType } from '../../db/schema.js';
import type { SeededRandom } from '../../lib/seeded-random.js';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of a YYYY-MM-DD date, and back. */
export const dayOf = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
export const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** A timestamp in the working day of `day`: minutes after 09:00 UTC. */
export const stampOf = (day: number, minutes = 0) => new Date(day * DAY_MS + (9 * 60 + minutes) * 60_000);

export type Stage = 'set-up' | 'running' | 'outputs' | 'done';

export interface Timeline {
  status: ReviewStatus;
  stage: Stage;
  /** Day numbers; undefined when the step has not happened yet. */
  incident: number;
  awareness: number;
  referral?: number;
  notification?: number;
  rapidReview?: number;
  panelResponse?: number;
  decision: number;
  panelTold?: number;
  reviewerAppointed?: number;
  draftReport?: number;
  finalReport?: number;
  reportSent?: number;
  publication?: number;
  /** When the review was set up in the product. */
  created: number;
  asOf: number;
}

const YEARS = 4;

/** The review's dates and status as they stand on `asOf` (a day number). */
export function timeline(rng: SeededRandom, type: ReviewType, asOf: number): Timeline {
  const decision = asOf - rng.int(10, YEARS * 365 - 60);
  const children = type !== 'sar';
  const incident = decision - rng.int(children ? 30 : 60, children ? 55 : 200);
  const awareness = incident + rng.int(0, 4);
  const t: Timeline = { status: 'set-up', stage: 'set-up', incident, awareness, decision, created: decision, asOf };
  if (children) {
    t.notification = awareness + rng.int(1, rng.chance(0.85) ? 6 : 12);
    t.rapidReview = t.notification + rng.int(14, rng.chance(0.8) ? 21 : 35);
    t.panelResponse = Math.min(decision, t.rapidReview + rng.int(5, 25));
  } else {
    t.referral = awareness + rng.int(10, 60);
  }
  t.created = type === 'rapid-review' ? (t.notification ?? decision) : decision + rng.int(1, 10);
  if (type === 'rapid-review') return rapidReviewStage(t);

  const age = asOf - decision;
  // Months to the final report: most within the six months the guidance expects, some much later.
  const toFinal = rng.int(120, 180) + (rng.chance(0.35) ? rng.int(30, 240) : 0);
  if (children) t.panelTold = decision + rng.int(1, rng.chance(0.85) ? 5 : 15);
  if (age > 25) t.reviewerAppointed = decision + rng.int(10, 25);
  if (age > toFinal - 40) t.draftReport = decision + toFinal - rng.int(20, 40);
  if (age < 25) t.stage = 'set-up';
  else if (age < toFinal) t.stage = 'running';
  else {
    t.finalReport = decision + toFinal;
    if (children) t.reportSent = t.finalReport + rng.int(2, 14);
    const toPublish = rng.int(20, rng.chance(0.8) ? 70 : 200);
    const published = !rng.chance(0.12) && age > toFinal + toPublish;
    if (published) t.publication = t.finalReport + toPublish;
    t.stage = published && age > toFinal + toPublish + 30 ? 'done' : 'outputs';
  }
  t.status = statusOf(t.stage, age, rng);
  return t;
}

function rapidReviewStage(t: Timeline): Timeline {
  const age = t.asOf - t.decision;
  t.stage = age < 20 ? 'running' : 'done';
  t.status = age < 20 ? 'running' : 'complete';
  return t;
}

function statusOf(stage: Stage, age: number, rng: SeededRandom): ReviewStatus {
  if (stage === 'done') return age > 3 * 365 && rng.chance(0.5) ? 'archived' : 'complete';
  return stage;
}

/** Drops the steps that come after `asOf` (a rapid review's panel response may still be awaited). */
export function keyDates(t: Timeline, type: ReviewType) {
  const d = (day: number | undefined) => (day === undefined || day > t.asOf ? null : dateOf(day));
  const rapid = type === 'rapid-review';
  return {
    incident_date: d(t.incident),
    awareness_date: d(t.awareness),
    referral_date: d(t.referral),
    notification_date: d(t.notification),
    rapid_review_date: d(t.rapidReview),
    panel_response_date: d(t.panelResponse),
    decision_date: d(t.decision),
    panel_told_date: rapid ? null : d(t.panelTold),
    reviewer_appointed_date: d(t.reviewerAppointed),
    draft_report_date: d(t.draftReport),
    final_report_date: d(t.finalReport),
    report_sent_date: d(t.reportSent),
    publication_date: d(t.publication),
  };
}
