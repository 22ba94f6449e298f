// The learning tests' world, put straight into the database, small enough to count by hand:
//
// Partnership A. The member is on the teams of R1, R2 and R3, not R4; the admin sees all four.
//   R1 local CSPR, complete, decided 2025-03-01, published 2026-01-10
//      round 1 planning approved: k1 not met, k2 met · round 2 in-review open: k1 met, k2 partly met
//   R2 local CSPR, running, decided 2025-06-01
//      round 1 planning approved: k1 met, k2 met · round 2 retrospective approved: k1 partly met, k2 not met
//   R3 SAR, running, decided 2024-05-01 · round 1 in-review approved: s1 not met
//   R4 local CSPR, running, decided 2025-01-01 (the member may not see it)
//      round 1 in-review approved: k1 not met, k2 not met
// Partnership B (the member belongs to it too, on no review's team there; the admin does not):
//   B1 published 2025-11-01, round 1 approved: k1 met · B2 unpublished, round 1 approved: k1 not met
// Themes (A): "Neglect" on R1's finding and recommendation (2025), R2's finding (2025), R3's finding (2026)
//   and R4's finding (2025). Improvement actions: from R1's recommendation, completed with impact; from R1's
//   finding, completed without; from R2's finding, open and overdue; from R4's finding, open. One review task.
import { afterAll, beforeAll } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import {
  insertOrganisation,
  insertPerson,
  signedInClient,
  type Client,
  type Person,
} from '../../../test/helpers/client.js';
import { actionRow, addToTeam, reviewRow } from '../../../test/helpers/reviews.js';
import type { Db } from '../../db/create-db.js';
import type { ActionTable, ReviewTable, RoundPurpose, RoundStatus } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { builtInCatalogue, allMarkers } from '../frameworks/frameworks.service.js';

export const TODAY = new Date('2026-12-07T12:00:00.000Z');
const catalogue = builtInCatalogue();
const scr = allMarkers(catalogue.latest('scr-quality-markers')!);
const sar = allMarkers(catalogue.latest('sar-quality-markers')!);
export const K1 = scr[0]!;
export const K2 = scr[1]!;
export const S1 = sar[0]!;

export interface LearningWorld {
  t: TestApp;
  member: Client;
  admin: Client;
  foreign: Client;
  reviews: Record<'R1' | 'R2' | 'R3' | 'R4' | 'B1' | 'B2', ReviewTable>;
  rounds: Record<string, string>;
}

async function round(
  db: Db,
  review: ReviewTable,
  number: number,
  purpose: RoundPurpose,
  status: RoundStatus,
  judgements: Record<string, string>,
) {
  const id = newId();
  const at = new Date().toISOString();
  await db
    .insertInto('assessment_round')
    .values({
      id,
      organisation_id: review.organisation_id,
      review_id: review.id,
      number,
      purpose,
      status,
      scale: '[]',
      framework_version: review.framework_version,
      copied_from: null,
      sent_for_sign_off_at: null,
      sent_for_sign_off_by: null,
      decided_at: null,
      decided_by: null,
      decision_comment: null,
      version: 1,
      created_at: at,
      created_by: null,
      meeting_on: null,
    })
    .execute();
  const records = Object.entries(judgements).map(([marker_key, judgement]) => ({
    id: newId(),
    organisation_id: review.organisation_id,
    round_id: id,
    marker_key,
    judgement,
    status: 'completed' as const,
    rationale: '',
    owner_user_id: null,
    version: 1,
    updated_at: at,
    updated_by: null,
  }));
  await db.insertInto('marker_record').values(records).execute();
  return id;
}

async function themed(db: Db, review: ReviewTable, kind: 'finding' | 'recommendation', number: number, year: string) {
  const theme = await db
    .selectFrom('learning_theme')
    .select('id')
    .where('organisation_id', '=', review.organisation_id)
    .where('label', '=', 'Neglect')
    .executeTakeFirstOrThrow();
  const at = `${year}-04-01T09:00:00.000Z`;
  const id = newId();
  await db
    .insertInto('finding')
    .values({
      id,
      organisation_id: review.organisation_id,
      review_id: review.id,
      kind,
      number,
      text: `A ${kind} about neglect`,
      version: 1,
      created_at: at,
      created_by: null,
      updated_at: at,
      updated_by: null,
    })
    .execute();
  await db
    .insertInto('finding_theme')
    .values({ finding_id: id, organisation_id: review.organisation_id, theme_id: theme.id })
    .execute();
  return id;
}

function action(review: ReviewTable, number: number, changes: Partial<ActionTable>): ActionTable {
  return actionRow(review.organisation_id, review.id, {
    number,
    title: `Action ${number}`,
    owner_name: 'Designated nurse',
    ...changes,
  });
}

/** The world above, in a database of the caller's (the browser spec seeds its app's with it too). */
export async function seedLearningWorld(db: Db) {
  const a = await insertOrganisation(db, 'Anytown Safeguarding Children Partnership');
  const b = await insertOrganisation(db, 'Bigcity Safeguarding Children Partnership');
  const memberPerson = await insertPerson(db, a.id, 'member');
  await insertPerson(db, b.id, 'member', { email: memberPerson.email });
  const adminPerson = await insertPerson(db, a.id, 'admin', { twoFactor: true });
  const foreignPerson = await insertPerson(db, b.id, 'admin', { twoFactor: true });
  const w = { a, b, memberPerson, adminPerson, foreignPerson } as Pick<LearningWorld, 'reviews' | 'rounds'> & {
    a: typeof a;
    b: typeof b;
    memberPerson: Person;
    adminPerson: Person;
    foreignPerson: Person;
  };

  const sarRow = { type: 'sar' as const, framework_key: 'sar-quality-markers' };
  w.reviews = {
    R1: reviewRow(a.id, {
      reference: 'R1',
      status: 'complete',
      decision_date: '2025-03-01',
      notification_date: '2025-01-06',
      rapid_review_date: '2025-02-10',
      panel_response_date: '2025-02-20',
      publication_date: '2026-01-10',
      report_sent_date: '2025-12-01',
    }),
    R2: reviewRow(a.id, { reference: 'R2', status: 'running', decision_date: '2025-06-01' }),
    R3: reviewRow(a.id, {
      reference: 'R3',
      status: 'running',
      ...sarRow,
      decision_date: '2024-05-01',
      final_report_date: '2024-09-01',
    }),
    R4: reviewRow(a.id, { reference: 'R4', status: 'running', decision_date: '2025-01-01' }),
    B1: reviewRow(b.id, { reference: 'B1', status: 'complete', publication_date: '2025-11-01' }),
    B2: reviewRow(b.id, { reference: 'B2', status: 'running' }),
  };
  await db.insertInto('review').values(Object.values(w.reviews)).execute();
  const { R1, R2, R3, R4, B1, B2 } = w.reviews;
  await addToTeam(db, a.id, R1.id, [[memberPerson, 'panel-member']]);
  await addToTeam(db, a.id, R2.id, [[memberPerson, 'lead-reviewer']]);
  await addToTeam(db, a.id, R3.id, [[memberPerson, 'observer']]);
  // R1's rapid review was late against 15 working days, but within the extension agreed with the Panel.
  await db
    .insertInto('review_clock_change')
    .values({
      id: newId(),
      organisation_id: a.id,
      review_id: R1.id,
      clock_key: 'rapid-review',
      kind: 'extension',
      new_due_date: '2025-02-14',
      agreed_by: 'the Panel',
      agreed_on: '2025-01-20',
      paused_from: null,
      paused_to: null,
      reason: 'Agency reports came late',
      created_at: new Date().toISOString(),
      created_by: null,
    })
    .execute();

  const [k1, k2, s1] = [K1.key, K2.key, S1.key];
  w.rounds = {
    R1a: await round(db, R1, 1, 'planning', 'approved', { [k1]: 'not-met', [k2]: 'met' }),
    R1b: await round(db, R1, 2, 'in-review', 'open', { [k1]: 'met', [k2]: 'partly-met' }),
    R2a: await round(db, R2, 1, 'planning', 'approved', { [k1]: 'met', [k2]: 'met' }),
    R2b: await round(db, R2, 2, 'retrospective', 'approved', { [k1]: 'partly-met', [k2]: 'not-met' }),
    R3a: await round(db, R3, 1, 'in-review', 'approved', { [s1]: 'not-met' }),
    R4a: await round(db, R4, 1, 'in-review', 'approved', { [k1]: 'not-met', [k2]: 'not-met' }),
    B1a: await round(db, B1, 1, 'in-review', 'approved', { [k1]: 'met' }),
    B2a: await round(db, B2, 1, 'in-review', 'approved', { [k1]: 'not-met' }),
  };

  const r1f = await themed(db, R1, 'finding', 1, '2025');
  const r1r = await themed(db, R1, 'recommendation', 1, '2025');
  const r2f = await themed(db, R2, 'finding', 1, '2025');
  await themed(db, R3, 'finding', 1, '2026');
  const r4f = await themed(db, R4, 'finding', 1, '2025');
  await db
    .insertInto('action')
    .values([
      action(R1, 1, { finding_id: r1r, status: 'completed', impact_what_changed: 'Fewer missed referrals' }),
      action(R1, 2, { finding_id: r1f, status: 'completed' }),
      action(R1, 3, { kind: 'review-task', status: 'not-started', due_date: '2020-01-01' }),
      action(R2, 1, { finding_id: r2f, status: 'in-progress', due_date: '2026-01-31' }),
      action(R4, 1, { finding_id: r4f, status: 'not-started', due_date: '2026-01-31' }),
    ])
    .execute();
  return w;
}

async function build(w: LearningWorld) {
  w.t = await buildTestApp({ clock: () => TODAY });
  const db = w.t.testDb.db;
  const seeded = await seedLearningWorld(db);
  w.reviews = seeded.reviews;
  w.rounds = seeded.rounds;
  w.member = await signedInClient(w.t.app, db, seeded.memberPerson, seeded.a.id);
  w.admin = await signedInClient(w.t.app, db, seeded.adminPerson, seeded.a.id);
  w.foreign = await signedInClient(w.t.app, db, seeded.foreignPerson, seeded.b.id);
}

/** Builds the world before the file's tests and closes it after. */
export function learningTests(): LearningWorld {
  const w = {} as LearningWorld;
  beforeAll(() => build(w));
  afterAll(async () => w.t.close());
  return w;
}
