/**
 * What a generated review produced once its report was written: findings and recommendations with learning
 * themes, the improvement actions they led to (status, RAG, some with impact evaluated), review tasks, the
 * written response and the publication record.
 */
import type { ActionStatus, ActionTable, FindingKind, FindingTable, Rag } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import type { SeededRandom } from '../../lib/seeded-random.js';
import { dateOf, stampOf, type Timeline } from './demo.dates.js';
import type { DemoRows, DemoTeam, DemoTheme } from './demo.model.js';
import { actionTitle, findingText, recommendationText, themeWords, type TextContext } from './demo.text.js';
import * as w from './demo.words.js';

export interface OutputsInput {
  organisationId: string;
  reviewId: string;
  reference: string;
  slug: string;
  timeline: Timeline;
  team: DemoTeam;
  themes: DemoTheme[];
  markerKeys: string[];
  text: TextContext;
}

export function generateOutputs(rng: SeededRandom, input: OutputsInput, rows: DemoRows): void {
  const t = input.timeline;
  const written = t.finalReport ?? t.draftReport;
  if (written === undefined || written > t.asOf) return;
  const org = input.organisationId;
  const at = stampOf(written, rng.int(0, 300));
  const stamp = { created_at: at.toISOString(), updated_at: at.toISOString() };
  const who = { created_by: input.team.leadReviewer, updated_by: input.team.leadReviewer };
  const themes = rng.sample(input.themes, rng.int(2, 4));

  const add = (kind: FindingKind, number: number, text: string, theme: DemoTheme): FindingTable => {
    const finding: FindingTable = {
      id: newId(),
      organisation_id: org,
      review_id: input.reviewId,
      kind,
      number,
      text,
      version: 1,
      ...stamp,
      ...who,
    };
    rows.finding.push(finding);
    rows.finding_theme.push({ finding_id: finding.id, organisation_id: org, theme_id: theme.id });
    const second = rng.pick(input.themes);
    if (rng.chance(0.3) && second.id !== theme.id) {
      rows.finding_theme.push({ finding_id: finding.id, organisation_id: org, theme_id: second.id });
    }
    rows.finding_marker.push({ finding_id: finding.id, organisation_id: org, marker_key: rng.pick(input.markerKeys) });
    return finding;
  };
  for (let n = 1, count = rng.int(2, 6); n <= count; n++) {
    const theme = rng.pick(themes);
    add('finding', n, findingText(rng, theme.label, input.text), theme);
  }
  let actionNumber = 0;
  for (let n = 1, count = rng.int(2, 5); n <= count; n++) {
    const theme = rng.pick(themes);
    const recommendation = add('recommendation', n, recommendationText(rng, theme.label), theme);
    for (let a = rng.int(1, 2); a > 0; a--) {
      rows.action.push(action(rng, input, ++actionNumber, { finding: recommendation, theme: theme.label }));
    }
  }
  if (t.finalReport !== undefined) {
    rows.action.push(
      action(rng, input, ++actionNumber, { task: 'Send the final report to the safeguarding partners' }),
    );
    writtenResponse(rng, input, rows);
    publication(rng, input, rows);
  }
}

function action(
  rng: SeededRandom,
  input: OutputsInput,
  number: number,
  from: { finding: FindingTable; theme: string } | { task: string },
): ActionTable {
  const t = input.timeline;
  const written = t.finalReport ?? t.draftReport!;
  const created = stampOf(written, rng.int(0, 480));
  const due = written + rng.int(60, 400);
  const overdue = due < t.asOf;
  const age = t.asOf - written;
  const status: ActionStatus =
    age > 120 && rng.chance(Math.min(0.9, age / 700))
      ? rng.chance(0.94)
        ? 'completed'
        : 'cancelled'
      : age > 20 && rng.chance(0.75)
        ? 'in-progress'
        : 'not-started';
  const completedDay = status === 'completed' ? Math.min(t.asOf - 1, due - rng.int(-40, 30)) : undefined;
  const evaluated = status === 'completed' && rng.chance(0.6);
  const rag: Rag | null =
    status === 'in-progress'
      ? overdue
        ? rng.chance(0.6)
          ? 'red'
          : 'amber'
        : rng.chance(0.7)
          ? 'green'
          : 'amber'
      : null;
  const task = 'task' in from;
  return {
    id: newId(),
    organisation_id: input.organisationId,
    review_id: input.reviewId,
    kind: task ? 'review-task' : 'improvement',
    number,
    finding_id: task ? null : from.finding.id,
    marker_key: null,
    title: task ? from.task : actionTitle(rng, from.theme),
    description: task ? '' : `To act on recommendation ${from.finding.number}: ${themeWords(from.theme).change}.`,
    owner_user_id: task ? input.team.businessManager : null,
    owner_name: task ? 'Partnership Business Manager' : rng.pick(w.POSTS),
    agencies: JSON.stringify(task ? [] : rng.sample(input.text.agencies, rng.int(1, 3))),
    due_date: dateOf(due),
    status,
    rag,
    supporting_evidence: status === 'completed' ? 'Minutes of the learning subgroup where this was signed off.' : '',
    critical_friend_comment: '',
    impact_what_changed: evaluated ? rng.pick(w.IMPACT_WHAT) : '',
    impact_how_we_know: evaluated ? rng.pick(w.IMPACT_HOW) : '',
    completed_at: completedDay === undefined ? null : stampOf(completedDay, 60).toISOString(),
    version: status === 'not-started' ? 1 : 2,
    created_at: created.toISOString(),
    created_by: input.team.businessManager,
    updated_at: stampOf(Math.max(written, completedDay ?? Math.min(t.asOf - 1, written + 30))).toISOString(),
    updated_by: input.team.businessManager,
  };
}

function writtenResponse(rng: SeededRandom, input: OutputsInput, rows: DemoRows): void {
  const t = input.timeline;
  const agreedDay = t.finalReport! + rng.int(14, 60);
  const agreed = agreedDay < t.asOf;
  const at = stampOf(Math.min(agreedDay, t.asOf - 1)).toISOString();
  rows.written_response.push({
    id: newId(),
    organisation_id: input.organisationId,
    review_id: input.reviewId,
    text: `The safeguarding partners accept the findings of the review about ${input.text.subject} and its recommendations, and have agreed the actions set out below. Progress will be reported to the board.`,
    status: agreed ? 'agreed' : 'draft',
    agreed_at: agreed ? at : null,
    agreed_by: agreed ? input.team.chair : null,
    version: agreed ? 2 : 1,
    updated_at: at,
    updated_by: input.team.chair,
  });
}

function publication(rng: SeededRandom, input: OutputsInput, rows: DemoRows): void {
  const t = input.timeline;
  const published = t.publication !== undefined && t.publication <= t.asOf;
  const decidedDay = t.finalReport! + rng.int(5, 20);
  if (decidedDay >= t.asOf) return;
  const notPublished = !published && t.stage === 'done';
  rows.publication.push({
    id: newId(),
    organisation_id: input.organisationId,
    review_id: input.reviewId,
    decision: published ? (rng.chance(0.9) ? 'full' : 'improvements-only') : notPublished ? 'not-published' : 'delayed',
    decision_reasons: published
      ? ''
      : 'Publication would identify the family; the partners have shared the learning through briefings instead.',
    decided_by: 'Safeguarding partners',
    decided_on: dateOf(decidedDay),
    legal_check_on: dateOf(decidedDay),
    legal_check_by: 'Legal services',
    family_told_on: dateOf(decidedDay + 3),
    copies_sent_on: published ? dateOf(t.publication! - 2) : null,
    embargo_until: null,
    published_on: published ? dateOf(t.publication!) : null,
    published_url: published ? `https://example.org/${input.slug}/${input.reference.toLowerCase()}` : null,
    online_until: published ? dateOf(t.publication! + 365) : null,
    deposited_on: null,
    version: 1,
    updated_at: stampOf(published ? t.publication! : decidedDay).toISOString(),
    updated_by: input.team.businessManager,
  });
}
