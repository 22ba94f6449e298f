import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { insertOrganisation, insertPerson, signedInClient, type Client } from '../../../../test/helpers/client.js';
import { readPage } from '../../../../test/helpers/html.js';
import { addToTeam } from '../../../../test/helpers/reviews.js';
import { memberWithRound } from '../../../../test/helpers/round-world.js';

// The date a round's panel next meets: set on the round page by those who run the review, and given in
// "Your work" beside each of the round's markers a person owns.

let t: TestApp;
let manager: Client;
let panel: Client;
let foreign: Client;
let roundUrl: string;

beforeAll(async () => {
  t = await buildTestApp({ clock: () => new Date('2026-12-07T10:00:00Z') });
  const db = t.testDb.db;
  const world = await memberWithRound(t, { reference: 'LCSPR 2026/40', subjectPseudonym: 'Child M' });
  ({ manager, roundUrl } = world);
  const review = await db.selectFrom('review').select(['id', 'organisation_id']).executeTakeFirstOrThrow();
  const person = await insertPerson(db, review.organisation_id, 'member');
  await addToTeam(db, review.organisation_id, review.id, [[person, 'panel-member']] as const);
  panel = await signedInClient(t.app, db, person, review.organisation_id);
  await db
    .updateTable('marker_record')
    .set({ owner_user_id: person.id })
    .where('marker_key', '=', 'referral')
    .execute();
  const other = await insertOrganisation(db, 'Otherton Partnership');
  foreign = await signedInClient(t.app, db, await insertPerson(db, other.id, 'admin', { twoFactor: true }), other.id);
});
afterAll(async () => t.close());

const date = (day: string, month: string, year: string) => ({
  'meeting-day': day,
  'meeting-month': month,
  'meeting-year': year,
});

describe('a round’s meeting date', () => {
  it('is set by those who run the review, shown on the round page and in Your work, and audited', async () => {
    expect(readPage((await manager.get(roundUrl)).body).text('#meeting-date-text')).toBe('No meeting date set.');
    const set = await manager.post(`${roundUrl}/meeting-date`, date('14', '1', '2027'));
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe(`${roundUrl}#meeting-date`);
    expect(readPage((await panel.get(roundUrl)).body).text('#meeting-date-text')).toBe(
      'The panel meets on 14 January 2027.',
    );
    expect(readPage((await panel.get('/work')).body).text('main')).toContain(
      'Round 1: Not started. The panel meets on 14 January 2027.',
    );
    const audit = await t.testDb.db
      .selectFrom('audit_event')
      .select(['action', 'detail'])
      .where('action', 'like', 'round.meeting_date%')
      .execute();
    expect(audit).toEqual([{ action: 'round.meeting_date_set', detail: JSON.stringify({ meetingOn: '2027-01-14' }) }]);
  });

  it('says what is wrong with a date, keeping what was typed, and changes nothing', async () => {
    const res = await manager.post(`${roundUrl}/meeting-date`, date('31', '2', '2027'));
    expect(res.statusCode).toBe(400);
    const page = readPage(res.body);
    expect(page.errorLinks).toEqual([{ text: 'Meeting date must be a real date', href: '#meeting-day' }]);
    expect(page.root.querySelector('#meeting-day')?.getAttribute('value')).toBe('31');
    expect(page.text('#meeting-date-text')).toBe('The panel meets on 14 January 2027.');
  });

  it('is cleared, and a meeting in the past is not given in Your work', async () => {
    expect((await manager.post(`${roundUrl}/meeting-date`, date('1', '12', '2026'))).statusCode).toBe(303);
    expect(readPage((await panel.get('/work')).body).text('main')).not.toContain('The panel meets');
    expect((await manager.post(`${roundUrl}/meeting-date`, { action: 'clear' })).statusCode).toBe(303);
    expect(readPage((await manager.get(roundUrl)).body).text('#meeting-date-text')).toBe('No meeting date set.');
  });

  it('cannot be set by a panel member or another partnership', async () => {
    expect((await panel.post(`${roundUrl}/meeting-date`, date('14', '1', '2027'))).statusCode).toBe(403);
    expect((await panel.post(`${roundUrl}/meeting-date`, date('x', '', ''))).statusCode).toBe(403);
    expect(readPage((await panel.get(roundUrl)).body).root.querySelector('#meeting-day')).toBeNull();
    expect((await foreign.post(`${roundUrl}/meeting-date`, date('14', '1', '2027'))).statusCode).toBe(404);
  });
});
