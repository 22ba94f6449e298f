/**
 * One generated review, number k of a partnership's demo set: its row, team, terms of reference, rounds,
 * outputs and the referral that led to it. Pure apart from ids: review k's content depends only on the
 * seed, k and the "as of" date, never on the reviews before it.
 */
import type { ReviewTable, ReviewType } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { SeededRandom } from '../../lib/seeded-random.js';
import { dateOf, keyDates, stampOf, timeline, type Timeline } from './demo.dates.js';
import { demoReference, type DemoContext, type DemoRows, type DemoTeam } from './demo.model.js';
import { generateOutputs } from './demo.outputs.js';
import { generateReferrals } from './demo.referrals.js';
import { generateRounds } from './demo.rounds.js';
import { pseudonym, scopeText, type TextContext } from './demo.text.js';
import * as w from './demo.words.js';

const TYPE_WEIGHTS: Record<DemoContext['organisation']['kind'], Partial<Record<ReviewType, number>>> = {
  children: { 'local-cspr': 55, 'rapid-review': 40, 'national-cspr': 5 },
  adults: { sar: 100 },
  both: { 'local-cspr': 35, 'rapid-review': 25, 'national-cspr': 3, sar: 37 },
};

function team(rng: SeededRandom, ctx: DemoContext): DemoTeam {
  const p = ctx.people;
  const panel = rng.sample(p.panelMembers, rng.int(1, 3));
  const leadReviewer = rng.pick(p.leadReviewers);
  return {
    chair: rng.pick(p.chairs),
    businessManager: rng.pick(p.businessManagers),
    leadReviewer,
    panel,
    assessors: [leadReviewer, ...panel],
  };
}

export function generateReview(ctx: DemoContext, k: number, rows: DemoRows): void {
  const rng = SeededRandom.for(ctx.seed, 'review', k);
  const type = rng.weighted(TYPE_WEIGHTS[ctx.organisation.kind] as Record<ReviewType, number>);
  const adult = type === 'sar';
  const t = timeline(rng, type, ctx.asOf);
  const framework = adult ? ctx.frameworks.adults : ctx.frameworks.children;
  const crew = team(rng, ctx);
  const subject = pseudonym(adult, k);
  const text: TextContext = {
    subject,
    agencies: rng.sample(adult ? w.ADULT_AGENCIES : w.CHILD_AGENCIES, rng.int(4, 7)),
  };
  const created = stampOf(t.created, rng.int(0, 420));
  const updated = stampOf(Math.min(t.asOf - 1, Math.max(t.created, t.publication ?? t.finalReport ?? t.decision)));
  const org = ctx.organisation.id;
  const reference = demoReference(k);
  const review: ReviewTable = {
    id: newId(),
    organisation_id: org,
    reference,
    title: `${type === 'rapid-review' ? 'Rapid review' : 'Review'} after ${rng.pick(adult ? w.ADULT_EVENTS : w.CHILD_EVENTS)}`,
    subject_pseudonym: subject,
    type,
    method: type === 'rapid-review' ? 'other' : rng.weighted({ systems: 5, silp: 3, traditional: 1 }),
    method_other: type === 'rapid-review' ? 'Rapid review meeting of the safeguarding partners' : null,
    framework_key: framework.key,
    framework_version: framework.version,
    status: t.status,
    ...keyDates(t, type),
    version: 1,
    created_at: created.toISOString(),
    // No creator: the seed made it, not a person (this and the reference mark a seeded review).
    created_by: null,
    updated_at: updated.toISOString(),
    updated_by: null,
  };
  rows.review.push(review);
  const roles = [
    ['chair', crew.chair],
    ['business-manager', crew.businessManager],
    ['lead-reviewer', crew.leadReviewer],
    ...crew.panel.map((id) => ['panel-member', id] as const),
  ] as const;
  for (const [role, userId] of roles) {
    rows.review_member.push({
      id: newId(),
      organisation_id: org,
      review_id: review.id,
      user_id: userId,
      role,
      created_at: review.created_at,
    });
  }
  scope(review, t, text, rows);
  generateRounds(
    rng,
    {
      seed: ctx.seed,
      organisationId: org,
      reviewId: review.id,
      framework,
      timeline: t,
      rapid: type === 'rapid-review',
      team: crew,
      text,
    },
    rows,
  );
  const round = rows.assessment_round.at(-1)!;
  rows.evidence.push({
    id: newId(),
    organisation_id: org,
    round_id: round.id,
    marker_key: 'assembling-information',
    kind: 'link',
    title: 'Merged chronology of agency contact',
    url: `https://example.org/${ctx.organisation.slug}/${reference.toLowerCase()}/chronology`,
    note: null,
    file_name: null,
    content_type: null,
    size_bytes: null,
    sha256: null,
    content: null,
    created_at: round.created_at,
    created_by: crew.businessManager,
    deleted_at: null,
  });
  generateOutputs(
    rng,
    {
      organisationId: org,
      reviewId: review.id,
      reference,
      slug: ctx.organisation.slug,
      timeline: t,
      team: crew,
      themes: adult ? ctx.themes.adults : ctx.themes.children,
      markerKeys: framework.stages.flatMap((s) => s.markers.map((m) => m.key)),
      text,
    },
    rows,
  );
  if (type !== 'rapid-review') generateReferrals(rng, ctx, review, t, text, rows);
}

function scope(review: ReviewTable, t: Timeline, text: TextContext, rows: DemoRows): void {
  const sections = {
    period: scopeText('period', { from: dateOf(t.incident - 365), to: dateOf(t.incident) }),
    'lines-of-enquiry': scopeText('lines-of-enquiry', { subject: text.subject }),
    agencies: scopeText('agencies', { agencies: text.agencies.join(', ') }),
    family: scopeText('family', { subject: text.subject }),
  };
  for (const [section, body] of Object.entries(sections)) {
    rows.review_scope.push({
      id: newId(),
      organisation_id: review.organisation_id,
      review_id: review.id,
      section,
      text: body,
      version: 1,
      updated_at: review.created_at,
      updated_by: null,
    });
  }
}
