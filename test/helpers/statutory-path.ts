import type { Db } from '../../src/db/create-db.js';
import { newId } from '../../src/lib/ids.js';

/**
 * A review's statutory path written straight into the tables the referral, status and publication features
 * own (their pages are tested there): the referral it came from, converted to it (children: a notification
 * with a rapid review and two agency summaries, one late; adults: an s44 referral decided as a mandatory
 * SAR; children: the reviewer named to the Panel), a clock extension, two status moves and a publication record with one learning event.
 */
export async function seedStatutoryPath(
  db: Db,
  at: { organisationId: string; reviewId: string; userId: string },
  kind: 'children' | 'adult' = 'children',
) {
  const org = at.organisationId;
  const by = at.userId;
  const stamp = '2026-03-10T10:00:00.000Z';
  const children = kind === 'children';
  await db
    .updateTable('review')
    .set(
      children
        ? { decision_date: '2026-04-14', panel_told_date: '2026-04-16' }
        : {
            type: 'sar',
            subject_pseudonym: 'Adult B',
            incident_date: null,
            awareness_date: null,
            notification_date: null,
            referral_date: '2026-03-09',
            decision_date: '2026-04-14',
          },
    )
    .where('id', '=', at.reviewId)
    .execute();
  if (children) {
    await db
      .insertInto('review_reviewer_named')
      .values({
        review_id: at.reviewId,
        organisation_id: org,
        reviewer_name: 'Dr R. Reviewer',
        updated_at: stamp,
        updated_by: by,
      })
      .execute();
  }
  const referralId = newId();
  await db
    .insertInto('referral')
    .values({
      id: referralId,
      organisation_id: org,
      route: children ? 'serious-incident-notification' : 's44-referral',
      received_on: '2026-03-09',
      aware_on: children ? '2026-03-04' : null,
      source_agency: children ? 'Anytown Children’s Services' : 'Anytown Adult Social Care',
      subject_pseudonym: children ? 'Child A' : 'Adult B',
      criteria: JSON.stringify(
        children
          ? { seriousCase: 'yes' }
          : { careNeeds: 'yes', harm: 'yes', abuseKnownOrSuspected: 'yes', jointWorking: 'not-known' },
      ),
      safety_actions: children ? 'Sibling placed with grandparents the same day' : null,
      meeting_on: children ? '2026-03-25' : null,
      submitted_on: children ? '2026-03-27' : null,
      panel_response_on: children ? '2026-04-10' : null,
      panel_response: children ? 'The Panel agrees a local review is right' : null,
      outcome: children ? 'lcspr' : 'sar-mandatory',
      reasons: children ? 'Agencies did not share what they knew' : 'Concerns about how agencies worked together',
      decision_criteria: JSON.stringify(
        children
          ? { jointWorking: 'Police and health held different pictures' }
          : { careNeeds: 'Assessed in 2025', jointWorking: 'Three agencies, no shared plan' },
      ),
      decided_on: '2026-04-14',
      decided_by_role: 'The safeguarding partners',
      decision_change_reason: null,
      told_panel_on: children ? '2026-04-15' : null,
      told_ofsted_on: children ? '2026-04-15' : null,
      told_dfe_on: children ? '2026-04-16' : null,
      version: 4,
      created_at: stamp,
      created_by: by,
      updated_at: '2026-04-14T15:00:00.000Z',
      updated_by: by,
    })
    .execute();
  if (children) {
    await db
      .insertInto('referral_agency_request')
      .values([
        {
          id: newId(),
          organisation_id: org,
          referral_id: referralId,
          agency: 'Anytown Police',
          requested_on: '2026-03-10',
          due_on: '2026-03-17',
          chased_on: null,
          received_on: '2026-03-16',
          created_at: stamp,
        },
        {
          id: newId(),
          organisation_id: org,
          referral_id: referralId,
          agency: 'Anytown Health Trust',
          requested_on: '2026-03-10',
          due_on: '2026-03-17',
          chased_on: '2026-03-18',
          received_on: '2026-03-20',
          created_at: stamp,
        },
      ])
      .execute();
  }
  await db
    .insertInto('referral_conversion')
    .values({
      referral_id: referralId,
      organisation_id: org,
      review_id: at.reviewId,
      created_at: stamp,
      created_by: by,
    })
    .execute();
  await db
    .insertInto('review_clock_change')
    .values({
      id: newId(),
      organisation_id: org,
      review_id: at.reviewId,
      clock_key: children ? 'rapid-review' : 'sar-completion',
      kind: 'extension',
      new_due_date: '2026-12-31',
      agreed_by: children ? 'the Panel' : 'the board',
      agreed_on: '2026-03-20',
      paused_from: null,
      paused_to: null,
      reason: 'Waiting for the health summary',
      created_at: stamp,
      created_by: by,
    })
    .execute();
  const move = (from: 'set-up' | 'running', to: 'running' | 'outputs', changedAt: string, extra = {}) => ({
    id: newId(),
    organisation_id: org,
    review_id: at.reviewId,
    from_status: from,
    to_status: to,
    reason: null,
    overridden: null,
    terms_agreed_on: null,
    changed_at: changedAt,
    changed_by: by,
    ...extra,
  });
  await db
    .insertInto('review_status_change')
    .values([
      move('set-up', 'running', '2026-05-01T09:00:00.000Z', { terms_agreed_on: '2026-04-30' }),
      move('running', 'outputs', '2026-09-01T09:00:00.000Z', {
        overridden: 'the written response is not agreed',
        reason: 'The board meets next week',
      }),
    ])
    .execute();
  await db.updateTable('review').set({ status: 'outputs' }).where('id', '=', at.reviewId).execute();
  await db
    .insertInto('publication')
    .values({
      id: newId(),
      organisation_id: org,
      review_id: at.reviewId,
      decision: children ? 'full' : 'improvements-only',
      decision_reasons: children ? '' : 'The family asked that the full report is not published',
      decided_by: 'partners',
      decided_on: '2026-10-01',
      legal_check_on: '2026-10-05',
      legal_check_by: 'legal-adviser',
      family_told_on: '2026-10-08',
      copies_sent_on: children ? '2026-10-09' : null,
      embargo_until: null,
      published_on: '2026-10-20',
      published_url: 'https://anytown.example.org/reviews/a',
      online_until: '2027-10-20',
      deposited_on: '2026-11-01',
      version: 2,
      updated_at: '2026-10-20T12:00:00.000Z',
      updated_by: by,
    })
    .execute();
  await db
    .insertInto('publication_event')
    .values({
      id: newId(),
      organisation_id: org,
      review_id: at.reviewId,
      held_on: '2026-11-02',
      description: 'Learning briefing for designated safeguarding leads',
      created_at: '2026-11-02T16:00:00.000Z',
      created_by: by,
    })
    .execute();
  return { referralId };
}
