import type { Db } from '../../src/db/create-db.js';
import type { ActionTable } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import { createRound } from '../../src/features/assessments/records/assessments.service.js';
import { saveAnswer, saveMarkerRecord } from '../../src/features/assessments/records/marker-records.service.js';
import { addComment } from '../../src/features/assessments/comments/comments.service.js';
import { addEvidence } from '../../src/features/evidence/evidence.service.js';
import type { FrameworkFile } from '../../src/features/frameworks/framework.schema.js';
import { createReview } from '../../src/features/reviews/reviews.service.js';
import type { PartnershipActor } from '../../src/plugins/auth.js';

/**
 * A review with something in every part an export covers: rounds with judgements, answers, notes,
 * evidence (a link and a small PNG file), comments, findings with themes, both kinds of action with
 * progress notes, and a written response. Assessment records go through the assessments services (so
 * their history is real); findings, actions and the response are written directly, as the pages that
 * write them belong to another feature.
 */

export interface SeedOptions {
  reference: string;
  rounds?: number;
  /** Questions answered per marker in each round (all of them by default) */
  answersPerMarker?: number;
  findings?: number;
  actions?: number;
}

/** The smallest valid PNG: 1 × 1 pixel. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export async function seedReview(db: Db, framework: FrameworkFile, actor: PartnershipActor, opts: SeedOptions) {
  const org = actor.organisationId;
  const review = await createReview(
    db,
    actor,
    {
      reference: opts.reference,
      title: 'Practice review after an injury to an infant',
      subjectPseudonym: 'Child A',
      type: 'local-cspr',
      method: 'systems',
      methodOther: null,
    },
    framework,
  );
  await db
    .updateTable('review')
    .set({ incident_date: '2026-03-02', awareness_date: '2026-03-04', notification_date: '2026-03-09' })
    .where('id', '=', review.id)
    .execute();
  await db
    .insertInto('review_scope')
    .values({
      id: newId(),
      organisation_id: org,
      review_id: review.id,
      section: 'period',
      text: 'From the start of the pregnancy to the incident.',
      version: 1,
      updated_at: new Date().toISOString(),
      updated_by: actor.userId,
    })
    .execute();

  const markers = framework.stages.flatMap((s) => s.markers);
  const scale = framework.scale.map((o) => o.key).filter((k) => k !== 'not-yet-assessed');
  const rounds = [];
  let previous: string | undefined;
  for (let n = 1; n <= (opts.rounds ?? 2); n++) {
    const round = await createRound(
      db,
      actor,
      review.id,
      { purpose: n === 1 ? 'planning' : 'in-review', copyFrom: previous },
      framework,
    );
    rounds.push(round);
    previous = round.id;
    for (const [i, marker] of markers.entries()) {
      const ids = { reviewId: review.id, roundId: round.id, markerKey: marker.key };
      await saveMarkerRecord(db, actor, ids, 1, {
        judgement: scale[(i + n) % scale.length]!,
        status: i % 2 ? 'completed' : 'in-progress',
        rationale: `Round ${n} rationale for ${marker.title}: =SUM(A1) shows "quotes", commas`,
        owner_user_id: actor.userId,
      });
      for (const q of marker.questions.slice(0, opts.answersPerMarker ?? marker.questions.length)) {
        await saveAnswer(db, actor, { ...ids, questionKey: q.key }, 1, {
          answer: (['yes', 'partly', 'no'] as const)[(i + n) % 3],
          note: `Note on ${q.key} in round ${n}`,
        });
      }
    }
  }
  const first = { reviewId: review.id, roundId: rounds[0]!.id, markerKey: markers[0]!.key };
  await addEvidence(db, actor, first, { kind: 'link', title: 'Chronology', url: 'https://example.org/chronology' });
  await addEvidence(db, actor, first, { kind: 'file', title: 'Family tree', fileName: 'tree.png', data: TINY_PNG });
  await addComment(db, actor, first, { body: 'Check the health visitor’s records', addressedTo: null });

  const now = new Date().toISOString();
  const themes = ['Information sharing', 'Voice of the child'].map((label, i) => ({
    id: newId(),
    organisation_id: org,
    label: `${label} ${opts.reference}`,
    position: i + 1,
    archived_at: null,
    created_at: now,
  }));
  await db.insertInto('learning_theme').values(themes).execute();
  const findings = Array.from({ length: opts.findings ?? 3 }, (_, i) => ({
    id: newId(),
    organisation_id: org,
    review_id: review.id,
    kind: i % 2 ? ('recommendation' as const) : ('finding' as const),
    number: Math.floor(i / 2) + 1,
    text: `Finding text ${i + 1}: professionals did not share what they knew`,
    version: 1,
    created_at: now,
    created_by: actor.userId,
    updated_at: now,
    updated_by: actor.userId,
  }));
  if (findings.length) {
    await db.insertInto('finding').values(findings).execute();
    await db
      .insertInto('finding_marker')
      .values(
        findings.map((f, i) => ({
          finding_id: f.id,
          organisation_id: org,
          marker_key: markers[i % markers.length]!.key,
        })),
      )
      .execute();
    await db
      .insertInto('finding_theme')
      .values(findings.map((f, i) => ({ finding_id: f.id, organisation_id: org, theme_id: themes[i % 2]!.id })))
      .execute();
  }
  const actions: ActionTable[] = Array.from({ length: opts.actions ?? 4 }, (_, i) => ({
    id: newId(),
    organisation_id: org,
    review_id: review.id,
    kind: i % 2 ? 'improvement' : 'review-task',
    number: i + 1,
    finding_id: i % 2 && findings.length ? findings[i % findings.length]!.id : null,
    marker_key: i % 2 ? null : markers[i % markers.length]!.key,
    title: `Action ${i + 1}: send the letter to the family`,
    description: i % 3 ? `+Described, with "quotes"\nand a second line` : '',
    owner_user_id: i % 2 ? actor.userId : null,
    owner_name: i % 2 ? '' : 'Head of Children’s Services',
    agencies: JSON.stringify(['Police', 'Health']),
    due_date: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
    status: (['not-started', 'in-progress', 'completed', 'cancelled'] as const)[i % 4]!,
    rag: (['red', 'amber', 'green', null] as const)[i % 4]!,
    supporting_evidence: 'Audit of records',
    critical_friend_comment: '@critical friend: check again',
    impact_what_changed: 'Families are told sooner',
    impact_how_we_know: 'Feedback from families',
    completed_at: i % 4 === 2 ? now : null,
    version: 1,
    created_at: now,
    created_by: actor.userId,
    updated_at: now,
    updated_by: actor.userId,
  }));
  for (let i = 0; i < actions.length; i += 100) {
    await db
      .insertInto('action')
      .values(actions.slice(i, i + 100))
      .execute();
  }
  if (actions.length) {
    await db
      .insertInto('action_progress')
      .values(
        actions.map((a) => ({
          id: newId(),
          organisation_id: org,
          action_id: a.id,
          note: `Progress on ${a.number}`,
          created_at: now,
          created_by: actor.userId,
        })),
      )
      .execute();
    // One earlier version of the first action, as the actions pages keep them.
    await db
      .insertInto('revision')
      .values({
        id: newId(),
        organisation_id: org,
        record_type: 'action',
        record_id: actions[0]!.id,
        version: 1,
        data: JSON.stringify({ ...actions[0]!, title: 'An older title' }),
        changed_at: now,
        changed_by: actor.userId,
      })
      .execute();
    await db.updateTable('action').set({ version: 2 }).where('id', '=', actions[0]!.id).execute();
  }
  const responseId = newId();
  await db
    .insertInto('written_response')
    .values({
      id: responseId,
      organisation_id: org,
      review_id: review.id,
      text: 'The partnership accepts the findings.\n\nIt will act on each of them.',
      status: 'agreed',
      agreed_at: now,
      agreed_by: actor.userId,
      version: 1,
      updated_at: now,
      updated_by: actor.userId,
    })
    .execute();
  if (actions.length) {
    await db
      .insertInto('written_response_action')
      .values(actions.slice(0, 2).map((a) => ({ response_id: responseId, organisation_id: org, action_id: a.id })))
      .execute();
  }
  return { review, rounds, markers, findings, actions };
}
