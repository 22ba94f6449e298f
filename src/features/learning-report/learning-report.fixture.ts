/**
 * A hand-counted world for the extract's tests (the figures each person should see are in
 * learning-report.test.ts). Partnership A (children's): reviews R0 (done before the period), R1
 * (completed and published in it, from a rapid review), R2 (running) and R3 (completed; the business
 * manager is not on its team); three serious incident notifications. Partnership B (adults'): a
 * safeguarding adult review and a notification that must never count for A. The period: 1 April 2025 to
 * 31 March 2026, the default on 10 May 2026.
 */
import { buildTestApp } from '../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient } from '../../../test/helpers/client.js';
import { addToTeam } from '../../../test/helpers/reviews.js';
import { newId } from '../../lib/ids.js';
import { action, AT, finding, referral, review } from './extract-rows.fixture.js';

export const TODAY = new Date('2026-05-10T09:00:00Z');

export async function buildExtractWorld() {
  const t = await buildTestApp({ clock: () => TODAY });
  const db = t.testDb.db;
  const a = await insertOrganisation(db, 'Anytown Safeguarding Children Partnership');
  const b = await insertOrganisation(db, 'Otherton Safeguarding Adults Board');
  await db.updateTable('organisation').set({ kind: 'adults' }).where('id', '=', b.id).execute();
  const people = {
    admin: await insertPerson(db, a.id, 'admin', { twoFactor: true }),
    manager: await insertPerson(db, a.id, 'member'),
    panel: await insertPerson(db, a.id, 'member'),
    other: await insertPerson(db, b.id, 'admin', { twoFactor: true }),
  };

  const r0 = await review(db, a.id, {
    reference: 'R0',
    title: 'Earlier review',
    decision_date: '2024-01-01',
    final_report_date: '2024-12-01',
    status: 'complete',
  });
  await action(db, a.id, r0.id, {
    number: 1,
    title: 'Finished before the period',
    status: 'completed',
    completed_at: '2025-02-01T10:00:00.000Z',
    created_at: '2024-12-05T10:00:00.000Z',
  });

  const r1 = await review(db, a.id, {
    reference: 'R1',
    title: 'Baby B',
    decision_date: '2025-05-01',
    final_report_date: '2026-01-15',
    status: 'complete',
  });
  await db
    .insertInto('publication')
    .values({
      id: newId(),
      organisation_id: a.id,
      review_id: r1.id,
      decision: 'full',
      decision_reasons: '',
      decided_by: null,
      decided_on: null,
      legal_check_on: null,
      legal_check_by: null,
      family_told_on: null,
      copies_sent_on: null,
      embargo_until: null,
      published_on: '2026-03-01',
      published_url: 'https://example.org/reviews/r1',
      online_until: null,
      deposited_on: null,
      version: 1,
      updated_at: AT,
      updated_by: null,
    })
    .execute();
  await finding(
    db,
    a.id,
    r1.id,
    { kind: 'finding', number: 1, text: 'Health visitors did not hear of the police call-outs' },
    ['Information sharing'],
  );
  await finding(db, a.id, r1.id, { kind: 'finding', number: 2, text: '=Neglect was seen, but not shared' }, [
    'Information sharing',
    'Neglect',
  ]);
  await finding(db, a.id, r1.id, {
    kind: 'finding',
    number: 3,
    text: 'The review found good, prompt work by the school',
  });
  const rec1 = await finding(db, a.id, r1.id, {
    kind: 'recommendation',
    number: 4,
    text: 'Share call-outs with health visitors',
  });
  const rec2 = await finding(db, a.id, r1.id, {
    kind: 'recommendation',
    number: 5,
    text: 'Write a new neglect toolkit',
  });
  await finding(db, a.id, r1.id, { kind: 'recommendation', number: 6, text: 'Train GPs, "every year"' });
  await action(db, a.id, r1.id, {
    number: 1,
    title: 'Daily call-out list to health',
    finding_id: rec1,
    status: 'completed',
    completed_at: '2025-10-01T10:00:00.000Z',
    impact_what_changed: 'Health visitors now see every call-out within a day',
    impact_how_we_know: 'Audit of 40 cases',
  });
  const cancelled = await action(db, a.id, r1.id, {
    number: 2,
    title: 'Neglect toolkit',
    finding_id: rec2,
    status: 'cancelled',
    updated_at: '2025-12-01T10:00:00.000Z',
  });
  for (const [note, at] of [
    ['Drafting started', '2025-06-01T10:00:00.000Z'],
    ['Covered by the county’s new neglect protocol', '2025-12-01T10:00:00.000Z'],
  ] as const) {
    await db
      .insertInto('action_progress')
      .values({ id: newId(), organisation_id: a.id, action_id: cancelled, note, created_at: at, created_by: null })
      .execute();
  }

  const r2 = await review(db, a.id, {
    reference: 'R2',
    title: 'Child C',
    decision_date: '2025-09-01',
    status: 'running',
  });
  await action(db, a.id, r2.id, {
    number: 1,
    title: 'Interim briefing for schools',
    status: 'in-progress',
    due_date: '2026-01-01',
  });

  const r3 = await review(db, a.id, {
    reference: '=HYPERLINK("https://evil.example")',
    title: 'Child D',
    decision_date: '2025-06-01',
    final_report_date: '2026-02-01',
    status: 'complete',
  });
  await finding(db, a.id, r3.id, { kind: 'finding', number: 1, text: 'Hidden finding the manager may not see' }, [
    'Neglect',
  ]);

  await addToTeam(db, a.id, r1.id, [
    [people.manager, 'business-manager'],
    [people.panel, 'panel-member'],
  ]);
  await addToTeam(db, a.id, r2.id, [[people.manager, 'business-manager']]);

  const converted = await referral(db, a.id, {
    received_on: '2025-04-10',
    subject_pseudonym: 'Baby B',
    meeting_on: '2025-04-20',
    submitted_on: '2025-04-25',
    decided_on: '2025-04-28',
    outcome: 'lcspr',
    reasons: 'Two agencies did not share what they knew',
  });
  await db
    .insertInto('referral_conversion')
    .values({ referral_id: converted, organisation_id: a.id, review_id: r1.id, created_at: AT, created_by: null })
    .execute();
  await referral(db, a.id, {
    received_on: '2025-06-01',
    subject_pseudonym: 'Child E',
    decided_on: '2025-06-20',
    outcome: 'no-lcspr',
    reasons: 'The learning is already in hand',
  });
  await referral(db, a.id, { received_on: '2024-12-01', subject_pseudonym: 'Child F' });

  const sar = await review(db, b.id, {
    reference: 'SAR 1',
    title: 'Adult G',
    type: 'sar',
    framework_key: 'sar-quality-markers',
    decision_date: '2025-05-01',
    final_report_date: '2026-01-10',
    status: 'complete',
  });
  await finding(db, b.id, sar.id, { kind: 'finding', number: 1, text: 'Otherton finding' });
  await referral(db, b.id, { received_on: '2025-05-05', subject_pseudonym: 'Otherton child' });

  const client = (who: keyof typeof people) => signedInClient(t.app, db, people[who], who === 'other' ? b.id : a.id);
  const clients = {
    admin: await client('admin'),
    manager: await client('manager'),
    panel: await client('panel'),
    other: await client('other'),
  };
  return { t, db, orgA: a, orgB: b, people, clients, reviews: { r0, r1, r2, r3, sar } };
}
