import type { Db } from '../../src/db/create-db.js';
import type { ActionTable } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import { actionRow } from './reviews.js';

/**
 * Findings, learning themes, actions of both kinds and an agreed written response for a review, put
 * straight into the database (the pages that write them belong to another feature).
 */
export async function insertReportData(
  db: Db,
  ids: { organisationId: string; reviewId: string; userId: string; markerKeys: string[] },
) {
  const org = ids.organisationId;
  const at = new Date().toISOString();
  const stamp = { version: 1, created_at: at, created_by: ids.userId, updated_at: at, updated_by: ids.userId };
  const themes = ['Information sharing', 'Voice of the child', 'Neglect'].map((label, i) => ({
    id: newId(),
    organisation_id: org,
    label,
    position: i + 1,
    archived_at: null,
    created_at: at,
  }));
  await db
    .insertInto('learning_theme')
    .values(themes)
    .onConflict((oc) => oc.doNothing())
    .execute();
  const saved = await db
    .selectFrom('learning_theme')
    .select(['id', 'label'])
    .where('organisation_id', '=', org)
    .execute();
  const theme = (label: string) => saved.find((s) => s.label === label)!.id;

  const finding = { id: newId(), organisation_id: org, review_id: ids.reviewId, ...stamp };
  const f1 = {
    ...finding,
    kind: 'finding' as const,
    number: 1,
    text: 'Agencies did not share what they knew about the father.',
  };
  const r1 = {
    ...finding,
    id: newId(),
    kind: 'recommendation' as const,
    number: 1,
    text: 'Write a protocol for sharing information about fathers.',
  };
  await db.insertInto('finding').values([f1, r1]).execute();
  if (ids.markerKeys.length) {
    await db
      .insertInto('finding_marker')
      .values(ids.markerKeys.map((marker_key) => ({ finding_id: f1.id, organisation_id: org, marker_key })))
      .execute();
  }
  await db
    .insertInto('finding_theme')
    .values(
      ['Voice of the child', 'Information sharing'].map((label) => ({
        finding_id: f1.id,
        organisation_id: org,
        theme_id: theme(label),
      })),
    )
    .execute();

  const action = (changes: Partial<ActionTable>) => actionRow(org, ids.reviewId, { ...stamp, ...changes });
  const actions = [
    action({
      kind: 'review-task',
      number: 1,
      title: 'Send the letter to the family',
      owner_name: 'Business manager',
      due_date: '2024-03-01',
      status: 'in-progress',
    }),
    action({
      number: 2,
      finding_id: r1.id,
      title: 'Fathers protocol',
      owner_name: 'Designated nurse',
      agencies: JSON.stringify(['Police', 'Health']),
      due_date: '2099-01-01',
      status: 'in-progress',
      rag: 'amber',
    }),
    action({
      number: 3,
      title: 'Audit of referrals',
      owner_name: 'Head of service',
      due_date: '2024-02-01',
      status: 'completed',
      rag: 'green',
      completed_at: '2024-01-20T09:00:00.000Z',
    }),
  ];
  await db.insertInto('action').values(actions).execute();

  const response = {
    id: newId(),
    organisation_id: org,
    review_id: ids.reviewId,
    text: 'The partnership accepts every recommendation.\n\nIt will report progress to the board each quarter.',
    status: 'agreed' as const,
    agreed_at: '2024-03-03T10:00:00.000Z',
    agreed_by: ids.userId,
    version: 2,
    updated_at: at,
    updated_by: ids.userId,
  };
  await db.insertInto('written_response').values(response).execute();
  await db
    .insertInto('written_response_action')
    .values({ response_id: response.id, organisation_id: org, action_id: actions[1]!.id })
    .execute();
  return { findings: [f1, r1], actions, response };
}
