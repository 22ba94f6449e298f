/**
 * The referral whose decision started a generated review (a serious incident notification and its rapid
 * review, or an s44 referral), the link between them, and now and then a referral not taken forward.
 */
import type { ReviewTable } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import type { SeededRandom } from '../../lib/seeded-random.js';
import { dateOf, stampOf, type Timeline } from './demo.dates.js';
import type { DemoContext, DemoRows } from './demo.model.js';
import { pseudonym, type TextContext } from './demo.text.js';
import * as w from './demo.words.js';

/** The notification or s44 referral whose decision started the review, and the link between them. */
export function generateReferrals(
  rng: SeededRandom,
  ctx: DemoContext,
  review: ReviewTable,
  t: Timeline,
  text: TextContext,
  rows: DemoRows,
): void {
  const adult = review.type === 'sar';
  const received = adult ? t.referral! : t.notification!;
  const at = stampOf(received, rng.int(0, 300)).toISOString();
  const id = newId();
  const d = (day: number | undefined) => (day === undefined || day > t.asOf ? null : dateOf(day));
  rows.referral.push({
    id,
    organisation_id: ctx.organisation.id,
    route: adult ? 's44-referral' : 'serious-incident-notification',
    received_on: dateOf(received),
    aware_on: adult ? null : dateOf(t.awareness),
    source_agency: rng.pick(text.agencies),
    subject_pseudonym: text.subject,
    criteria: JSON.stringify(
      adult
        ? { careNeeds: 'yes', harm: 'yes', abuseKnownOrSuspected: 'yes', jointWorking: 'yes' }
        : { seriousCase: 'yes' },
    ),
    safety_actions: adult ? null : 'Strategy discussion held; the other children in the household were seen.',
    meeting_on: d(t.rapidReview),
    submitted_on: d(t.rapidReview === undefined ? undefined : t.rapidReview + 1),
    panel_response_on: d(t.panelResponse),
    panel_response: t.panelResponse === undefined ? null : 'The Panel agreed that a local review is appropriate.',
    outcome: adult ? 'sar-mandatory' : review.type === 'national-cspr' ? 'national-review' : 'lcspr',
    reasons: 'Agencies’ work together raises questions the partnership needs to learn from.',
    decision_criteria: JSON.stringify(
      adult
        ? {
            careNeeds: 'Known to adult social care.',
            harm: 'Died.',
            abuseKnownOrSuspected: 'Neglect suspected.',
            jointWorking: 'Several agencies involved.',
          }
        : { jointWorking: 'Several agencies were involved and did not share what they knew.' },
    ),
    decided_on: dateOf(t.decision),
    decided_by_role: adult ? 'Safeguarding adults board' : 'Safeguarding partners',
    decision_change_reason: null,
    details_change_reason: null,
    told_panel_on: adult ? null : d(t.panelTold),
    told_ofsted_on: adult ? null : d(t.panelTold),
    told_dfe_on: adult ? null : d(t.panelTold),
    version: 1,
    created_at: at,
    created_by: null,
    updated_at: at,
    updated_by: null,
  });
  rows.referral_conversion.push({
    referral_id: id,
    organisation_id: ctx.organisation.id,
    review_id: review.id,
    created_at: review.created_at,
    created_by: null,
  });
  if (rng.chance(0.3)) notTakenForward(rng, ctx, adult, received - rng.int(20, 200), text, rows, review);
}

/** A referral considered and not taken forward, with the reasons. */
function notTakenForward(
  rng: SeededRandom,
  ctx: DemoContext,
  adult: boolean,
  received: number,
  text: TextContext,
  rows: DemoRows,
  review: ReviewTable,
): void {
  const at = stampOf(received, rng.int(0, 300)).toISOString();
  const decided = received + rng.int(15, 40);
  const done = decided < ctx.asOf;
  rows.referral.push({
    id: newId(),
    organisation_id: ctx.organisation.id,
    route: adult ? 's44-referral' : 'serious-incident-notification',
    received_on: dateOf(received),
    aware_on: adult ? null : dateOf(received - rng.int(1, 5)),
    source_agency: rng.pick(text.agencies),
    // Another child or adult: the review's own letters, shifted past any review's.
    subject_pseudonym: pseudonym(adult, 26 ** 3 + Number(review.reference.slice(5))),
    criteria: JSON.stringify(
      adult
        ? { careNeeds: 'yes', harm: 'yes', abuseKnownOrSuspected: 'not-known', jointWorking: 'no' }
        : { seriousCase: 'yes' },
    ),
    safety_actions: null,
    meeting_on: adult ? null : dateOf(received + 14),
    submitted_on: adult ? null : dateOf(received + 15),
    panel_response_on: null,
    panel_response: null,
    outcome: done ? (adult ? 'no-sar' : 'no-lcspr') : null,
    reasons: done ? rng.pick(w.NOT_TAKEN_FORWARD_REASONS) : null,
    decision_criteria: done ? JSON.stringify({}) : null,
    decided_on: done ? dateOf(decided) : null,
    decided_by_role: done ? (adult ? 'Safeguarding adults board' : 'Safeguarding partners') : null,
    decision_change_reason: null,
    details_change_reason: null,
    told_panel_on: null,
    told_ofsted_on: null,
    told_dfe_on: null,
    version: 1,
    created_at: at,
    created_by: null,
    updated_at: at,
    updated_by: null,
  });
}
